"""The force's own stop and search (police.uk), analysed the programme's way."""

from __future__ import annotations

from typing import Any

from .. import figures as F
from ..charts import Chart, Series
from ..periods import Month, Window
from ..stats import outcome_test
from ..tables import (
    CountColumn,
    DerivedColumn,
    Table,
    fmt_pct,
    group_table,
)
from .base import Section, needs, table_key


def section(month: Month, window: Window, public: bool) -> Section:
    sec = Section(
        "stop_search",
        "The force's stop and search (police.uk)",
        intro=[
            "The force's own published stop and search records for the same month "
            "(data.police.uk, Open Government Licence), analysed the same way, so the "
            "programme's figures can be set beside them. Person searches only (a vehicle-only "
            "search searched no one). Children (under 18: 'under 10' and '10-17') are shown "
            "apart. Both the officer's view of ethnicity and the person's own are given: they "
            "differ, and neither is preferred. 'Nothing found' is the outcome 'Nothing found - "
            "no further action'; searches with no recorded outcome are left out of the test.",
        ],
    )
    a = F.stop_search(month)
    if a is None:
        loaded = ", ".join(m.label for m in F.stop_search_months()) or "none"
        sec.intro.append(
            f"No police.uk stop and search records are loaded for {month.label} "
            f"(months loaded: {loaded})."
        )
        return sec
    forces = ", ".join(F.stop_search_forces(month))
    sec.intro.append(
        f"{forces}, {month.label}: {a.person_searches} person searches "
        f"({a.vehicle_only_excluded} vehicle-only searches left out; {a.unknown_age} with no "
        "age range, counted in 'all ages' only)."
    )
    groups = ["White", "Black", "Asian", "Mixed", "Other", "Not stated"]
    for band, band_label in (("child", "children (under 18)"), ("all", "all ages")):
        b = a.bands[band]
        od = {g.group: g for g in b.officer_defined}
        sd = {g.group: g for g in b.self_defined}
        od_counts = [od[g].searches for g in groups]
        sd_counts = [sd[g].searches for g in groups]
        t = group_table(
            key=table_key("ss-shares", band),
            title=f"Person searches of {band_label} by ethnic group, {month.label}",
            row_header="Ethnic group",
            groups=groups,
            columns=[
                CountColumn("Officer-defined", od_counts),
                _stated_share("Share of stated (officer)", od_counts, column=0),
                CountColumn("Self-defined", sd_counts),
                _stated_share("Share of stated (self)", sd_counts, column=2),
            ],
            description="Share of searches where ethnicity was stated.",
        )
        sec.tables.append(t)
        if band == "child":
            sec.charts.append(
                Chart(
                    "ss-shares",
                    f"Person searches of children by ethnic group, {month.label}",
                    "Bar chart of the number of person searches of children in each ethnic "
                    "group, by the officer's and by the child's own description. Figures in "
                    f"the table '{t.title}'.",
                    "bar",
                    t.key,
                    categories=t.labels(),
                    series=[
                        Series("Officer-defined", t.column_values(0)),
                        Series("Self-defined", t.column_values(2)),
                    ],
                    y_label="Person searches",
                )
            )
        for view, test in (
            ("officer", b.outcome_officer_defined),
            ("self", b.outcome_self_defined),
        ):
            counts = {r.group: F.OutcomeCount(r.searches, r.nothing_found) for r in test.rows}
            ot = _ss_outcome_table(
                table_key("ss-outcome", band, view),
                f"Outcome test, {band_label}, {view}-defined ethnicity: searches finding "
                f"nothing, {month.label}",
                counts,
            )
            sec.tables.append(ot)
            if band == "all" and view == "officer":
                sec.charts.append(
                    Chart(
                        "ss-outcome",
                        f"Share of the force's person searches finding nothing, by "
                        f"officer-defined ethnic group, {month.label}",
                        "Bar chart of the share of person searches (all ages) that found "
                        f"nothing, by ethnic group. Figures in the table '{ot.title}'.",
                        "bar",
                        ot.key,
                        categories=ot.labels(),
                        series=[Series("Found nothing", ot.column_values(2))],
                        y_label="Share finding nothing",
                        percent=True,
                    )
                )
        if b.outcome_missing:
            sec.notes.append(
                f"{band_label.capitalize()}: {b.outcome_missing} search(es) with no outcome "
                "recorded are left out of the outcome test."
            )
    return sec


def _stated_share(label: str, counts: list[int], *, column: int) -> DerivedColumn:
    """A group's share of the searches whose ethnicity was stated (the last group, "Not
    stated", and the total have none); shown only when the group's count, the "Not stated"
    count and the total are all published (`column` is the counts' column)."""
    stated = sum(counts[:-1])
    last = len(counts) - 1
    return DerivedColumn(
        label,
        lambda i: None if i >= last or not stated else counts[i] / stated,
        lambda v: fmt_pct(v, 1),
        "share",
        lambda i: [(column, i), (column, last), (column, last + 1)],
    )


def _ss_outcome_table(key: str, title: str, counts: dict[str, Any]) -> Table:
    groups = list(counts)
    test = outcome_test(counts)
    rows = [*test.rows, test.overall]
    return group_table(
        key=key,
        title=title,
        row_header="Ethnic group",
        groups=groups,
        columns=[
            CountColumn("Searches with an outcome", [c.searches for c in counts.values()]),
            CountColumn("Nothing found", [c.nothing_found for c in counts.values()]),
            DerivedColumn(
                "Share finding nothing", lambda i: rows[i].share, fmt_pct, "share", needs(0, 1)
            ),
            DerivedColumn(
                "95% interval",
                lambda i: (
                    None
                    if rows[i].ci_low is None
                    else f"{rows[i].ci_low * 100:.0f}% to {rows[i].ci_high * 100:.0f}%"
                ),
                lambda v: v or "–",
                "ci",
                needs(0, 1),
            ),
            DerivedColumn(
                "Gap to all (points)",
                lambda i: rows[i].difference,
                lambda v: "–" if v is None else f"{v * 100:+.0f}",
                "share",
                lambda i: [(0, i), (1, i), (0, len(groups)), (1, len(groups))],
            ),
        ],
    )
