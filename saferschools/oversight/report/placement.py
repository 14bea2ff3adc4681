"""Where officers are placed: officer time against free school meals and deprivation."""

from __future__ import annotations

from typing import Any

from .. import figures as F
from ..charts import Chart, Series
from ..periods import Month, Window
from ..tables import (
    Row,
    Table,
    figure,
    fmt_num,
    fmt_pct,
    plain_table,
    text,
)
from .base import Section, ratio


def _placement_table(key: str, title: str, header: str, result: Any) -> Table:
    rows = [
        Row(
            r.group,
            [
                figure(r.pupils, "pupils", lambda v: f"{v:,.0f}"),
                figure(r.officer_fte, "fte", lambda v: f"{v:,.2f}"),
                figure(r.officers_per_1000, "rate", lambda v: fmt_num(v, 2)),
                figure(r.pupil_share, "share", lambda v: fmt_pct(v, 1)),
                figure(r.officer_share, "share", lambda v: fmt_pct(v, 1)),
                figure(r.representation_ratio, "ratio", lambda v: fmt_num(v, 2)),
            ],
        )
        for r in result.rows
    ]
    rows.append(
        Row(
            "All",
            [
                figure(result.total_pupils, "pupils", lambda v: f"{v:,.0f}"),
                figure(result.total_fte, "fte", lambda v: f"{v:,.2f}"),
                figure(
                    ratio(result.total_fte * 1000, result.total_pupils),
                    "rate",
                    lambda v: fmt_num(v, 2),
                ),
                figure(1.0 if result.total_pupils else None, "share", lambda v: fmt_pct(v, 1)),
                figure(1.0 if result.total_fte else None, "share", lambda v: fmt_pct(v, 1)),
                figure(1.0 if result.total_fte else None, "ratio", lambda v: fmt_num(v, 2)),
            ],
            is_total=True,
        )
    )
    return plain_table(
        key=key,
        title=title,
        row_header=header,
        columns=[
            "Pupils",
            "Officer time (FTE)",
            "Officers per 1,000 pupils",
            "Share of pupils",
            "Share of officer time",
            "Representation ratio",
        ],
        rows=rows,
        description="Officer time is shared evenly over a school's pupils; a ratio above 1 "
        "means more officer presence than the group's share of pupils would give.",
    )


def section(month: Month, window: Window, public: bool) -> Section:
    p = F.placement()
    sec = Section(
        "placement",
        "Where officers are placed",
        intro=[
            f"Officers named for {p.schools_with_officer} of {p.schools} programme schools, "
            "as on the day the report is made. Each officer's time is shared evenly over the "
            "schools they are named for, and each school's share over its pupils (school roll "
            "and free school meals from the DfE register, Get Information About Schools; "
            "deprivation decile of the school's area from the English Indices of Deprivation "
            "2019, decile 1 the most deprived tenth of England).",
            "Ethnicity: the Census 2021 ethnic group figures are not among the data loaded "
            "(the shared data hold Census 2021 population by age only), so officer placement "
            "cannot yet be compared with pupils' ethnicity. Load Census 2021 ethnic group by "
            "area to add it.",
        ],
    )
    if p.schools_no_fsm:
        sec.notes.append(
            f"{p.schools_no_fsm} school(s) without a roll or a free school meals figure are "
            "left out of the free school meals comparison."
        )
    if p.schools_no_decile:
        sec.notes.append(
            f"{p.schools_no_decile} school(s) without a roll or a deprivation decile are left "
            "out of the deprivation comparison."
        )
    fsm = _placement_table("placement-fsm", "Officer time by free school meals", "Pupils", p.fsm)
    dec = _placement_table(
        "placement-decile",
        "Officer time by deprivation decile of the school's area",
        "IMD decile",
        p.decile,
    )
    sec.tables += [fsm, dec]
    sec.tables.append(
        plain_table(
            key="placement-district",
            title="Officer time by district",
            row_header="District",
            columns=[
                "Policing area",
                "Schools",
                "With a named officer",
                "Pupils",
                "Officer time (FTE)",
                "Officers per 1,000 pupils",
                "Pupils eligible for free school meals",
            ],
            rows=[
                Row(
                    d["district"],
                    [
                        text(d["division"]),
                        figure(d["schools"], "schools", lambda v: f"{v:,}"),
                        figure(d["with_officer"], "schools", lambda v: f"{v:,}"),
                        figure(d["pupils"], "pupils", lambda v: f"{v:,}"),
                        figure(d["fte"], "fte", lambda v: f"{v:,.2f}"),
                        figure(d["per_1000"], "rate", lambda v: fmt_num(v, 2)),
                        figure(d["fsm_share"], "share", lambda v: fmt_pct(v, 1)),
                    ],
                )
                for d in p.by_district
            ],
        )
    )
    ratio_col = 5
    sec.charts += [
        Chart(
            "placement-fsm",
            "Representation ratio of officer time by free school meals",
            "Bar chart: officer share over pupil share for pupils eligible and not eligible for "
            "free school meals; 1 means in proportion. Figures in the table 'Officer time by "
            "free school meals'.",
            "bar",
            fsm.key,
            categories=fsm.labels(),
            series=[Series("Representation ratio", fsm.column_values(ratio_col))],
            y_label="Officer share / pupil share",
        ),
        Chart(
            "placement-decile",
            "Officers per 1,000 pupils by deprivation decile",
            "Bar chart of officer time per 1,000 pupils for schools in each deprivation "
            "decile, 1 the most deprived. Figures in the table 'Officer time by deprivation "
            "decile'.",
            "bar",
            dec.key,
            categories=dec.labels(),
            series=[Series("Officers per 1,000 pupils", dec.column_values(2))],
            y_label="Officers per 1,000 pupils",
        ),
    ]
    return sec
