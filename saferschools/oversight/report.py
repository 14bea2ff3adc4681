"""The monthly oversight report: sections of published tables and charts, in a force version
and a public version, rendered as HTML, CSV and PDF.

Business rules:
- every count passes disclosure control (`tables.py`) before it reaches a table; charts are
  drawn from the published tables only;
- the public version adds suppression of activity counts, and leaves out officer names,
  redeployment scenario names and the review queue by division;
- no name, date of birth or free text about a child appears in any version: the figures are
  counts by group, built from `figures.py`, which never reads those fields.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from . import figures as F
from .charts import Chart, ForestPoint, Series
from .periods import Month, Window
from .stats import outcome_test, relative_rate_index
from .tables import (
    CountColumn,
    DerivedColumn,
    Row,
    Table,
    cross_table,
    figure,
    fmt_num,
    fmt_pct,
    group_table,
    plain_table,
    text,
)

SECTION_KEYS = (
    "performance",
    "placement",
    "disproportionality",
    "stop_search",
    "guardrails",
    "encompass",
)


@dataclass
class Section:
    key: str
    title: str
    intro: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[tuple[str, Any]]:
        """Charts before the table they draw from, in table order."""
        by_table: dict[str, list[Chart]] = {}
        for c in self.charts:
            by_table.setdefault(c.table_key, []).append(c)
        out: list[tuple[str, Any]] = []
        for t in self.tables:
            out.extend(("chart", c) for c in by_table.pop(t.key, []))
            out.append(("table", t))
        for rest in by_table.values():
            out.extend(("chart", c) for c in rest)
        return out


@dataclass
class Report:
    month: Month
    public: bool
    window: Window
    generated_at: Any
    sections: list[Section]

    @property
    def title(self) -> str:
        who = "public report" if self.public else "force report"
        return f"Schools Officers oversight: {self.month.label} ({who})"

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def build_report(month: Month, *, public: bool, sections: Sequence[str] = SECTION_KEYS) -> Report:
    window = Window.trailing(month, 12)
    builders = {
        "performance": _performance,
        "placement": _placement,
        "disproportionality": _disproportionality,
        "stop_search": _stop_search,
        "guardrails": _guardrails,
        "encompass": _encompass,
    }
    out = [builders[k](month, window, public) for k in sections]
    return Report(month, public, window, timezone.now(), out)


# ----------------------------------------------------------------------------- helpers


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _needs(*cols: int) -> Any:
    return lambda i: [(c, i) for c in cols]


def _key(*parts: str) -> str:
    return "-".join(p.replace("_", "-") for p in parts)


# ----------------------------------------------------------------------------- performance

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
                lambda i: _ratio(_sum(rows_for(i), "contacts"), len(rows_for(i))),
                fmt_num,
                "rate",
                _needs(index["schools"], index["contacts"]),
            ),
        )
        # Shift indices after the insert.
        index = {k: (v + 1 if v > index["contacts"] else v) for k, v in index.items()}
    if "requests_on_target" in index:
        cols.insert(
            index["requests_on_target"] + 1,
            DerivedColumn(
                "% within target",
                lambda i: _ratio(
                    _sum(rows_for(i), "requests_on_target"), _sum(rows_for(i), "requests")
                ),
                fmt_pct,
                "share",
                _needs(index["requests"], index["requests_on_target"]),
            ),
        )
        cols.insert(
            index["requests_on_target"] + 2,
            DerivedColumn(
                "Median hours to first response",
                lambda i: F.median([h for r in rows_for(i) for h in r.response_hours]),
                fmt_num,
                "hours",
                _needs(index["requests"], index["requests_on_target"]),
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


def _performance(month: Month, window: Window, public: bool) -> Section:
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


# ----------------------------------------------------------------------------- placement


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
                    _ratio(result.total_fte * 1000, result.total_pupils),
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


def _placement(month: Month, window: Window, public: bool) -> Section:
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


# ----------------------------------------------------------------------------- disproportionality


def rri_table(key: str, title: str, characteristic: str, counts: dict[str, Any]) -> Table:
    """Children acted on and known, rate per 1,000, RRI with 95% CI and significance, by group.

    RRI and intervals are computed from the raw counts (stats core), then shown only when the
    row's counts and the reference group's counts are all published."""
    label, groups, reference = F.CHARACTERISTICS[characteristic]
    groups = list(groups)
    rows = relative_rate_index(counts, reference)
    ref_i = groups.index(reference)
    total_a = sum(c.actions for c in counts.values())
    total_n = sum(c.population for c in counts.values())

    def rate(i: int) -> float | None:
        if i == len(groups):
            return total_a * 1000 / total_n if total_n else None
        return rows[i].rate_per_1000

    def with_ref(i: int) -> list[tuple[int, int]]:
        if i == len(groups):
            return [(0, i), (1, i)]
        return [(0, i), (1, i), (0, ref_i), (1, ref_i)]

    def rri(i: int) -> float | None:
        return None if i == len(groups) else rows[i].rri

    def ci(i: int) -> str | None:
        if i == len(groups):
            return None
        r = rows[i]
        if r.is_reference:
            return "reference"
        if r.ci_low is None:
            return "too few"
        return f"{r.ci_low:.2f} to {r.ci_high:.2f}"

    def sig(i: int) -> str | None:
        if i == len(groups):
            return None
        r = rows[i]
        if r.is_reference or r.ci_low is None:
            return "–"
        if not r.significant:
            return "No"
        return "Yes, higher" if r.ci_low > 1 else "Yes, lower"

    return group_table(
        key=key,
        title=title,
        row_header=label,
        groups=groups,
        columns=[
            CountColumn("Children", [c.actions for c in counts.values()]),
            CountColumn("Children known", [c.population for c in counts.values()]),
            DerivedColumn("Rate per 1,000", rate, fmt_num, "rate", _needs(0, 1)),
            DerivedColumn("Relative rate index", rri, lambda v: fmt_num(v, 2), "ratio", with_ref),
            DerivedColumn("95% interval", ci, lambda v: v or "–", "ci", with_ref),
            DerivedColumn("Significant", sig, lambda v: v or "–", "flag", with_ref),
        ],
        description=f"Reference group: {reference}. The interval is the Katz log interval; "
        "'significant' means it excludes 1.",
    )


def share_table(
    key: str,
    title: str,
    characteristic: str,
    counts: dict[str, Any],
    count_label: str,
    share_label: str,
) -> Table:
    """The outcome test: share of a group's events with the outcome, Wilson 95% interval and
    the gap to the pooled share (stats core), published only with both counts shown."""
    label, groups, _ = F.CHARACTERISTICS[characteristic]
    groups = list(groups)
    test = outcome_test(counts)
    rows = [*test.rows, test.overall]

    def ci(i: int) -> str | None:
        r = rows[i]
        return None if r.ci_low is None else f"{r.ci_low * 100:.0f}% to {r.ci_high * 100:.0f}%"

    def diff(i: int) -> float | None:
        return rows[i].difference

    def flag(i: int) -> str:
        if i == len(groups):
            return "–"
        return "Yes" if rows[i].overall_outside_ci else "No"

    return group_table(
        key=key,
        title=title,
        row_header=label,
        groups=groups,
        columns=[
            CountColumn("Events", [c.searches for c in counts.values()]),
            CountColumn(count_label, [c.nothing_found for c in counts.values()]),
            DerivedColumn(share_label, lambda i: rows[i].share, fmt_pct, "share", _needs(0, 1)),
            DerivedColumn("95% interval", ci, lambda v: v or "–", "ci", _needs(0, 1)),
            DerivedColumn(
                "Gap to all (points)",
                diff,
                lambda v: "–" if v is None else f"{v * 100:+.0f}",
                "share",
                lambda i: [(0, i), (1, i), (0, len(groups)), (1, len(groups))],
            ),
            DerivedColumn("All outside interval", flag, lambda v: v, "flag", _needs(0, 1)),
        ],
    )


def _forest(chart_key: str, title: str, table: Table, action: str) -> Chart:
    idx = {c: k for k, c in enumerate(table.columns)}
    points = []
    for r in table.rows:
        if r.is_total:
            continue
        rri = r.cells[idx["Relative rate index"]]
        ci = r.cells[idx["95% interval"]]
        low = high = None
        if not ci.suppressed and ci.value and " to " in str(ci.value):
            a, b = str(ci.value).split(" to ")
            low, high = float(a), float(b)
        reference = ci.value == "reference"
        est = None if rri.suppressed else rri.value
        if ci.value == "too few" and est == 0:
            est = None
        points.append(ForestPoint(r.label, est, low, high, reference))
    return Chart(
        chart_key,
        title,
        f"Relative rate index of children {action.lower()} in each ethnic group against White "
        "children, with 95% intervals, on a log scale where 1 is parity. Hidden or too-small "
        f"groups are marked. Figures in the table '{table.title}'.",
        "forest",
        table.key,
        points=points,
    )


def _disproportionality(month: Month, window: Window, public: bool) -> Section:
    d = F.disproportionality(window)
    sec = Section(
        "disproportionality",
        "Disproportionality of police actions",
        intro=[
            f"Over the twelve months {window.label}. One month is too small a base to compare "
            "groups, so each monthly report looks back a year.",
            "Population (the denominator): the young people known to the programme in those "
            f"months ({'[c]' if 0 < d.children_known < 5 else d.children_known} children), "
            "that is every child with a concern, incident, search, referral or intervention "
            "dated in the period, or whose record was opened in it. It is not the school roll: "
            "the school census gives free school meals as a percentage for each school but no "
            "ethnicity, SEN or sex breakdown, so the roll cannot be the base for those groups. "
            "A rate against the children known answers 'of the children the programme deals "
            "with, who is searched, arrested or referred to Prevent?'; it cannot show whether "
            "the programme deals with more children of one group in the first place (see "
            "'Where officers are placed', and the force's stop and search figures below).",
            "Children are counted once per action however many times it happened, with the "
            "characteristics on their record (self-defined ethnicity). The relative rate index "
            "(RRI) is a group's rate over the reference group's; the 95% interval is the Katz "
            "log interval and 'significant' means it excludes 1.",
        ],
    )
    for action, action_label in F.ACTIONS.items():
        for characteristic, (clabel, _, _) in F.CHARACTERISTICS.items():
            t = rri_table(
                _key("rri", action, characteristic),
                f"{action_label}: children by {clabel.lower()}, {window.label}",
                characteristic,
                d.group_counts(action, characteristic),
            )
            sec.tables.append(t)
            if characteristic == "ethnicity":
                sec.charts.append(
                    _forest(
                        _key("rri", action),
                        f"{action_label}: relative rate index by ethnic group",
                        t,
                        action_label,
                    )
                )

    def shares_by_characteristic(
        key: str,
        title: str,
        counts: dict[str, Any],
        positive: str,
        share_label: str,
        description: str,
        chart_title: str,
        chart_description: str,
        first_column: str | None = None,
    ) -> None:
        """One share table per characteristic, and a bar chart of the ethnicity one."""
        for characteristic, (clabel, _, _) in F.CHARACTERISTICS.items():
            t = share_table(
                _key(key, characteristic),
                f"{title}, by {clabel.lower()}, {window.label}",
                characteristic,
                counts[characteristic],
                positive,
                share_label,
            )
            if first_column:
                t.columns[0] = first_column
            t.description = description
            sec.tables.append(t)
            if characteristic == "ethnicity":
                sec.charts.append(
                    Chart(
                        key,
                        chart_title,
                        f"{chart_description} Figures in the table '{t.title}'.",
                        "bar",
                        t.key,
                        categories=t.labels(),
                        series=[Series(positive, t.column_values(2))],
                        y_label=share_label,
                        percent=True,
                    )
                )

    shares_by_characteristic(
        "outcome-search",
        "Outcome test: searches that found nothing",
        d.search_outcomes,
        "Nothing found",
        "Share finding nothing",
        "Where no fair population exists, compare what searches find: if one group is "
        "searched on weaker grounds, more of its searches find nothing. Characteristics "
        "as recorded at the time of the search. Wilson 95% interval.",
        "Share of searches finding nothing, by ethnic group",
        "Bar chart of the share of programme searches that found nothing for each ethnic group.",
    )
    shares_by_characteristic(
        "outcome-cj",
        "Criminal-justice outcomes against diversion",
        d.outcome_share,
        "Criminal justice",
        "Share criminal justice",
        "Of incidents ending in diversion (words of advice, restorative justice, community "
        "resolution) or a criminal-justice outcome (arrest, charge), the share ending in "
        "criminal justice. Child-first policing aims to keep this low for every group.",
        "Share of decided outcomes that were criminal justice, by ethnic group",
        "Bar chart of the share of decided incident outcomes that were arrest or charge rather "
        "than diversion.",
        first_column="Decided (diversion or criminal justice)",
    )
    if d.unlinked_events:
        sec.notes.append(
            "Searches and incidents whose child record has been anonymised under the retention "
            "rules are in the outcome tests (by the characteristics recorded at the time) but "
            "not in the rates."
        )
    return sec


# ----------------------------------------------------------------------------- stop and search


def _stop_search(month: Month, window: Window, public: bool) -> Section:
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
        stated_od = sum(od_counts[:-1])
        stated_sd = sum(sd_counts[:-1])
        t = group_table(
            key=_key("ss-shares", band),
            title=f"Person searches of {band_label} by ethnic group, {month.label}",
            row_header="Ethnic group",
            groups=groups,
            columns=[
                CountColumn("Officer-defined", od_counts),
                DerivedColumn(
                    "Share of stated (officer)",
                    lambda i, c=od_counts, s=stated_od: None if i >= 5 or not s else c[i] / s,
                    lambda v: fmt_pct(v, 1),
                    "share",
                    lambda i: [(0, i), (0, 5), (0, 6)],
                ),
                CountColumn("Self-defined", sd_counts),
                DerivedColumn(
                    "Share of stated (self)",
                    lambda i, c=sd_counts, s=stated_sd: None if i >= 5 or not s else c[i] / s,
                    lambda v: fmt_pct(v, 1),
                    "share",
                    lambda i: [(2, i), (2, 5), (2, 6)],
                ),
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
                _key("ss-outcome", band, view),
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
                "Share finding nothing", lambda i: rows[i].share, fmt_pct, "share", _needs(0, 1)
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
                _needs(0, 1),
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


# ----------------------------------------------------------------------------- guardrails


def _guardrails(month: Month, window: Window, public: bool) -> Section:
    sec = Section(
        "guardrails",
        "Child-first guardrails",
        intro=[
            "An arrest or criminal-justice outcome for a child on school premises is flagged "
            "for a sergeant's review when it is recorded (casework notifies the sergeant at "
            f"once); the review is due within {F.REVIEW_HOURS} hours.",
        ],
    )
    r = F.reviews_in(month)
    t = group_table(
        key="reviews-month",
        title=f"Outcomes flagged for a sergeant's review, {month.label}",
        row_header="Review",
        groups=["Reviewed within a day", "Reviewed late", "Still waiting"],
        columns=[CountColumn("Outcomes", [r.reviewed_in_time, r.reviewed_late, r.waiting])],
        total_label="All flagged",
    )
    sec.tables.append(t)
    if not public:
        items = F.review_items()
        by_div: dict[str, list[int]] = {}
        for it in items:
            by_div.setdefault(it.division, [0, 0])[1 if it.overdue else 0] += 1
        names = sorted(by_div)
        sec.tables.append(
            cross_table(
                key="reviews-now",
                title="Awaiting review now, by policing area",
                row_header="Policing area",
                row_labels=names,
                col_labels=["Within a day", "Overdue"],
                counts=[by_div[n] for n in names],
                suppress=True,
                description="The queue as the report is made; sergeants and the inspector see "
                "each outcome on the review page.",
            )
        )
    schools = F.outcomes_by_school(window)
    t2 = cross_table(
        key="outcomes-school",
        title=f"Decided incident outcomes by school, {window.label}",
        row_header="School",
        row_labels=[name for name, _ in schools],
        col_labels=list(F.OUTCOME_COLUMNS),
        counts=[c for _, c in schools],
        suppress=True,
        description="Schools with at least one decided incident outcome. Diversion: words of "
        "advice, restorative justice, community resolution. Criminal justice: arrest, charge.",
        total_label="All schools",
    )
    sec.tables.append(t2)
    if t2.rows:
        sec.charts.append(
            Chart(
                "outcomes-school",
                f"Diversion and criminal-justice outcomes by school, {window.label}",
                "Bar chart of incidents ending in diversion and in a criminal-justice outcome at "
                f"each school; hidden figures are marked [c]. Figures in the table '{t2.title}'.",
                "bar",
                t2.key,
                categories=t2.labels(),
                series=[
                    Series("Diversion", t2.column_values(1)),
                    Series("Criminal justice", t2.column_values(2)),
                ],
                y_label="Incidents",
            )
        )
    return sec


# ----------------------------------------------------------------------------- Encompass


def _encompass(month: Month, window: Window, public: bool) -> Section:
    """Operation Encompass: the statutory measure, notifications made before the start of the
    next school day, by district (counts under the report's disclosure control)."""
    from saferschools.encompass.selectors import month_counts_by_district

    sec = Section(
        "encompass",
        "Operation Encompass",
        intro=[
            "When the police attend a domestic abuse incident in which a child may be a victim, "
            "the child's school is told before the start of the next school day (Victims and "
            "Prisoners Act 2024). Counted by the month of the incident."
        ],
    )
    rows = month_counts_by_district(month.year, month.month)
    if not rows:
        sec.notes.append(f"No Operation Encompass notifications for incidents in {month.label}.")
        return sec
    sec.tables.append(
        cross_table(
            key="encompass-month",
            title=f"Operation Encompass notifications, {month.label}",
            row_header="District",
            row_labels=[name for name, _ in rows],
            col_labels=["Before the next school day", "Late or not yet made"],
            counts=[c for _, c in rows],
            suppress=True,
            description="One notification per school per incident. Late: told after the "
            "start of the school's next school day, or not yet told.",
            total_label="All districts",
        )
    )
    return sec


# ----------------------------------------------------------------------------- CSV


def report_csv(report: Report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "title", "row", "column", "value", "kind", "status"])
    for t in report.tables:
        w.writerows(t.csv_rows())
    return buf.getvalue()
