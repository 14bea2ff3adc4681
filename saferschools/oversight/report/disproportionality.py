"""Disproportionality: relative rate indices and outcome tests by characteristic."""

from __future__ import annotations

from typing import Any

from .. import figures as F
from ..charts import Chart, ForestPoint, Series
from ..periods import Month, Window
from ..stats import outcome_test, relative_rate_index
from ..tables import (
    CountColumn,
    DerivedColumn,
    Table,
    fmt_num,
    fmt_pct,
    group_table,
)
from .base import Section, needs, table_key


def rri_table(key: str, title: str, characteristic: str, counts: dict[str, Any]) -> Table:
    """Children acted on and known, rate per 1,000, RRI with 95% CI and significance, by group.

    RRI and intervals are computed from the raw counts (stats core), then shown only when the
    row's counts and the reference group's counts are all published."""
    _, groups, reference = F.CHARACTERISTICS[characteristic]
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

    return _by_group(
        key,
        title,
        characteristic,
        [
            CountColumn("Children", [c.actions for c in counts.values()]),
            CountColumn("Children known", [c.population for c in counts.values()]),
            DerivedColumn("Rate per 1,000", rate, fmt_num, "rate", needs(0, 1)),
            DerivedColumn("Relative rate index", rri, lambda v: fmt_num(v, 2), "ratio", with_ref),
            DerivedColumn("95% interval", ci, lambda v: v or "–", "ci", with_ref),
            DerivedColumn("Significant", sig, lambda v: v or "–", "flag", with_ref),
        ],
        description=f"Reference group: {reference}. The interval is the Katz log interval; "
        "'significant' means it excludes 1.",
    )


def _by_group(
    key: str,
    title: str,
    characteristic: str,
    columns: list[CountColumn | DerivedColumn],
    description: str = "",
) -> Table:
    """A table of ``columns`` with a row for each group of the characteristic, and the total."""
    label, groups, _ = F.CHARACTERISTICS[characteristic]
    return group_table(
        key=key,
        title=title,
        row_header=label,
        groups=groups,
        columns=columns,
        description=description,
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
    groups = list(F.CHARACTERISTICS[characteristic][1])
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

    return _by_group(
        key,
        title,
        characteristic,
        [
            CountColumn("Events", [c.searches for c in counts.values()]),
            CountColumn(count_label, [c.nothing_found for c in counts.values()]),
            DerivedColumn(share_label, lambda i: rows[i].share, fmt_pct, "share", needs(0, 1)),
            DerivedColumn("95% interval", ci, lambda v: v or "–", "ci", needs(0, 1)),
            DerivedColumn(
                "Gap to all (points)",
                diff,
                lambda v: "–" if v is None else f"{v * 100:+.0f}",
                "share",
                lambda i: [(0, i), (1, i), (0, len(groups)), (1, len(groups))],
            ),
            DerivedColumn("All outside interval", flag, lambda v: v, "flag", needs(0, 1)),
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


def section(month: Month, window: Window, public: bool) -> Section:
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
                table_key("rri", action, characteristic),
                f"{action_label}: children by {clabel.lower()}, {window.label}",
                characteristic,
                d.group_counts(action, characteristic),
            )
            sec.tables.append(t)
            if characteristic == "ethnicity":
                sec.charts.append(
                    _forest(
                        table_key("rri", action),
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
                table_key(key, characteristic),
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
