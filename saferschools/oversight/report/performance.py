"""The performance section: indicators by policing area, district, officer and month."""

from __future__ import annotations

from typing import Any

from .. import figures as F
from ..charts import Chart, Series
from ..periods import Month, Window
from ..tables import (
    CountColumn,
    DerivedColumn,
    Row,
    Table,
    figure,
    fmt_num,
    fmt_pct,
    group_table,
    plain_table,
    text,
)
from .base import Section, needs, ratio

PERF_FIELDS: list[tuple[str, str, bool]] = [
    # (field, label, about children)
    ("schools", "Schools", False),
    ("named", "With a named officer at month end", False),
    ("days_no_named", "School-days with no named officer on record", False),
    ("days_unrecorded", "School-days before the officer record began", False),
    ("days_covered", "School-days under cover", False),
    ("days_redeployed", "of which redeployment", False),
    ("contacts", "Contacts with school leaders", False),
    ("requests", "School requests received", False),
    ("requests_on_target", "Answered within target", False),
    ("sessions", "Sessions delivered", False),
    ("concerns", "Concerns recorded", True),
    ("referrals_made", "Referrals made", True),
    ("referrals_completed", "Referrals completed", True),
]


def _sum(rows: list[F.SchoolMonth], name: str) -> int:
    if name == "schools":
        return len(rows)
    if name == "named":
        return sum(r.named_at_end for r in rows)
    return sum(getattr(r, name) for r in rows)


def _perf_table(
    key: str,
    title: str,
    row_header: str,
    groups: list[str],
    rows_by_group: dict[str, list[F.SchoolMonth]],
    public: bool,
    fields: list[tuple[str, str, bool]] = PERF_FIELDS,
    description: str = "",
) -> Table:
    all_rows = [r for g in groups for r in rows_by_group[g]]
    cols: list[Any] = []
    index: dict[str, int] = {}
    for name, label, child in fields:
        index[name] = len(cols)
        cols.append(
            CountColumn(
                label,
                [_sum(rows_by_group[g], name) for g in groups],
                suppress=child or public,
                kind="count" if child else "activity",
            )
        )

    def rows_for(i: int) -> list[F.SchoolMonth]:
        return all_rows if i == len(groups) else rows_by_group[groups[i]]

    if "contacts" in index:
        cols.insert(
            index["contacts"] + 1,
            DerivedColumn(
                "Contacts per school",
                lambda i: ratio(_sum(rows_for(i), "contacts"), len(rows_for(i))),
                fmt_num,
                "rate",
                needs(index["schools"], index["contacts"]),
            ),
        )
        # Shift indices after the insert.
        index = {k: (v + 1 if v > index["contacts"] else v) for k, v in index.items()}
    if "requests_on_target" in index:
        cols.insert(
            index["requests_on_target"] + 1,
            DerivedColumn(
                "% within target",
                lambda i: ratio(
                    _sum(rows_for(i), "requests_on_target"), _sum(rows_for(i), "requests")
                ),
                fmt_pct,
                "share",
                needs(index["requests"], index["requests_on_target"]),
            ),
        )
        cols.insert(
            index["requests_on_target"] + 2,
            DerivedColumn(
                "Median hours to first response",
                lambda i: F.median([h for r in rows_for(i) for h in r.response_hours]),
                fmt_num,
                "hours",
                needs(index["requests"], index["requests_on_target"]),
            ),
        )
    return group_table(
        key=key,
        title=title,
        row_header=row_header,
        groups=groups,
        columns=cols,
        description=description,
    )


def section(month: Month, window: Window, public: bool) -> Section:
    months = month.trailing(12)
    data = F.indicators(months)
    rows = data[month]
    sec = Section(
        "performance",
        "Performance",
        intro=[
            f"Schools in the programme are the open secondary-phase establishments "
            f"({len(rows)}). A school-day with no named officer is a day with no officer on "
            "record for the school; a school-day under cover is a day its named officer was "
            "away and another officer covered (leave, sickness, training, court, "
            "redeployment). Response times are from a school's request to the first reply, "
            "against the target (24 hours urgent, 72 hours normal).",
        ],
    )
    if not rows:
        sec.intro = [
            f"No programme schools are held for {month.label}, so there are no indicators to "
            "show. Load an area (saferschools load-area) to add its schools."
        ]
        return sec
    if note := F.outside_force_note():
        sec.notes.append(note)
    unrecorded = sum(r.days_unrecorded for r in rows)
    if rows and unrecorded == sum(r.school_days for r in rows):
        sec.intro.append(
            f"No named-officer record covers {month.label}: the record of who was named for "
            "each school begins later, so this month's officer figures are not known (they are "
            "not zeros)."
        )
    elif unrecorded:
        sec.intro.append(
            f"The named-officer record began during {month.label}: {unrecorded:,} school-days "
            "before it are shown as not recorded, not as days without an officer."
        )
    by_district: dict[str, list[F.SchoolMonth]] = {}
    by_division: dict[str, list[F.SchoolMonth]] = {}
    for r in rows:
        by_district.setdefault(r.district, []).append(r)
        by_division.setdefault(r.division, []).append(r)
    sec.tables.append(
        _perf_table(
            "perf-division",
            f"Indicators by policing area, {month.label}",
            "Policing area",
            sorted(by_division),
            by_division,
            public,
        )
    )
    sec.tables.append(
        _perf_table(
            "perf-district",
            f"Indicators by district, {month.label}",
            "District",
            sorted(by_district),
            by_district,
            public,
        )
    )
    if not public:
        by_officer: dict[str, list[F.SchoolMonth]] = {}
        for r in rows:
            by_officer.setdefault(r.officer or "No named officer", []).append(r)
        officer_fields = [f for f in PERF_FIELDS if not f[2] and f[0] not in {"named"}]
        sec.tables.append(
            _perf_table(
                "perf-officer",
                f"Indicators by named officer, {month.label}",
                "Named officer",
                sorted(by_officer),
                by_officer,
                public,
                fields=officer_fields,
                description="Activity at the schools each officer is named for (no counts "
                "about children at officer level: they would be too small to publish).",
            )
        )
    # Trend: the 12 months ending with the report month.
    trend_groups = [m.short for m in months]
    trend_rows = {m.short: data[m] for m in months}
    trend = _perf_table(
        "perf-trend",
        f"Indicators by month, {window.label}",
        "Month",
        trend_groups,
        trend_rows,
        public,
        fields=[f for f in PERF_FIELDS if f[0] != "days_covered"],
        description="All programme schools, each month.",
    )
    sec.tables.append(trend)
    col = {c: k for k, c in enumerate(trend.columns)}
    sec.charts += [
        Chart(
            "contacts-trend",
            f"Contacts with school leaders per school, by month, {window.label}",
            "Line chart of the average number of contacts between officers and school leaders "
            "per programme school each month. Figures in the table 'Indicators by month'.",
            "line",
            trend.key,
            categories=trend.labels(),
            series=[Series("Contacts per school", trend.column_values(col["Contacts per school"]))],
            y_label="Contacts per school",
        ),
        Chart(
            "casework-trend",
            f"Concerns and referrals by month, {window.label}",
            "Bar chart of concerns recorded, referrals made and referrals completed each month; "
            "hidden figures are marked [c]. Figures in the table 'Indicators by month'.",
            "bar",
            trend.key,
            categories=trend.labels(),
            series=[
                Series("Concerns", trend.column_values(col["Concerns recorded"])),
                Series("Referrals made", trend.column_values(col["Referrals made"])),
                Series("Referrals completed", trend.column_values(col["Referrals completed"])),
            ],
            y_label="Count",
        ),
        Chart(
            "response-trend",
            f"School requests answered within target, by month, {window.label}",
            "Line chart of the share of school requests first answered within the target time "
            "each month. Figures in the table 'Indicators by month'.",
            "line",
            trend.key,
            categories=trend.labels(),
            series=[Series("Within target", trend.column_values(col["% within target"]))],
            y_label="Share within target",
            percent=True,
        ),
        Chart(
            "cover-trend",
            f"School-days without the named officer, by month, {window.label}",
            "Bar chart of school-days with no named officer and school-days lost to "
            "redeployment each month. Figures in the table 'Indicators by month'.",
            "bar",
            trend.key,
            categories=trend.labels(),
            series=[
                Series(
                    "No named officer",
                    trend.column_values(col["School-days with no named officer on record"]),
                ),
                Series("Redeployment", trend.column_values(col["of which redeployment"])),
            ],
            y_label="School-days",
        ),
    ]
    if not public:
        impact = F.redeployment_impact(month, rows)
        sec.tables.append(
            plain_table(
                key="redeployment",
                title=f"Committed redeployment scenarios in {month.label}",
                row_header="Scenario",
                columns=[
                    "From",
                    "To",
                    "Schools affected",
                    "School-days under redeployment cover",
                    "Contacts per school (affected)",
                    "Contacts per school (others)",
                ],
                rows=[
                    Row(
                        i.name,
                        [
                            text(f"{i.start:%d %b %Y}"),
                            text(f"{i.end:%d %b %Y}" if i.end else "open"),
                            figure(i.schools, "activity", lambda v: f"{v:,}"),
                            figure(i.school_days, "activity", lambda v: f"{v:,}"),
                            figure(i.contacts_per_school_affected, "rate", fmt_num),
                            figure(i.contacts_per_school_other, "rate", fmt_num),
                        ],
                    )
                    for i in impact
                ],
                description="Schools whose named officer a committed scenario took away, and "
                "their contacts against the other schools in the same month.",
            )
        )
        sec.notes.append(f"Youth activities starting in the month: {F.youth_activities(month)}.")
    return sec
