"""Oversight counts aggregated in the database: GROUP BY with filtered counts, one query per
record kind, whatever the force's volume.

`figures.py` used to fetch every record of the twelve-month window and sort it into schools
and months in Python; these functions return the same counts from one grouped query each,
so a page costs the number of schools x months, not the number of records (issue 17).

Business rules are those of `figures.py` (docs/decisions/050-oversight-figures-and-report.md), unchanged:
- a record belongs to the calendar month of its local (Europe/London) date: the month
  boundaries are `Month.start_at` / `Month.end_at`, local midnight, so a filtered count per
  month equals bucketing each record by `timezone.localtime(...).date()`;
- disproportionality counts *children*: a grouped count of distinct young people by the
  characteristics on their record; outcome tests count events by the snapshot taken at the
  time.

No function here returns anything but counts keyed by school, month or group codes; the
codes are mapped to published groups by `figures.group_of`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from .periods import Month

#: The characteristic columns on a young person's record, and on an event's snapshot.
CHILD_COLUMNS = ("ethnicity", "fsm", "sen", "sex")
SNAPSHOT_COLUMNS = ("child_ethnicity", "child_fsm", "child_sen", "child_sex")


def _month_filters(field: str, months: Sequence[Month], *, dates: bool) -> dict[str, Q]:
    """One filter per month on `field`: local-midnight bounds for a datetime, days for a date."""
    out = {}
    for k, m in enumerate(months):
        if dates:
            out[f"m{k}"] = Q(**{f"{field}__gte": m.start, f"{field}__lte": m.end})
        else:
            out[f"m{k}"] = Q(**{f"{field}__gte": m.start_at, f"{field}__lt": m.end_at})
    return out


def counts_by_school_month(
    queryset: QuerySet[Any],
    *,
    school: str,
    when: str,
    months: Sequence[Month],
    dates: bool = False,
    sums: Iterable[str] = (),
) -> dict[tuple[int, Month], dict[str, int]]:
    """{(school id, month): {"n": records, "<field>": sum of field, ...}} for `months`.

    One query: GROUP BY the school, with a filtered COUNT (and SUM) per month. Records outside
    the months are not read (the range is in the WHERE clause, so an index on the date serves).
    """
    months = list(months)
    if not months:
        return {}
    filters = _month_filters(when, months, dates=dates)
    lo, hi = months[0], months[-1]
    rng = (
        Q(**{f"{when}__gte": lo.start, f"{when}__lte": hi.end})
        if dates
        else Q(**{f"{when}__gte": lo.start_at, f"{when}__lt": hi.end_at})
    )
    sums = list(sums)
    agg: dict[str, Any] = {}
    for key, cond in filters.items():
        agg[f"{key}_n"] = Count("pk", filter=cond)
        for f in sums:
            agg[f"{key}_{f}"] = Sum(f, filter=cond)
    rows = queryset.filter(rng).values(sid=F(school)).annotate(**agg).order_by()
    out: dict[tuple[int, Month], dict[str, int]] = {}
    for row in rows:
        for k, m in enumerate(months):
            n = row[f"m{k}_n"]
            if n:
                cell = {"n": n}
                for f in sums:
                    cell[f] = row[f"m{k}_{f}"] or 0
                out[(row["sid"], m)] = cell
    return out


def request_counts(
    queryset: QuerySet[Any], *, months: Sequence[Month]
) -> tuple[dict[tuple[int, Month], dict[str, int]], dict[tuple[int, Month], list[float]]]:
    """School requests by school and month: received and answered counts from a GROUP BY; the
    hours to first response of the answered ones (for the median and the on-target count,
    which compare each request with its own target)."""
    months = list(months)
    counts = counts_by_school_month(queryset, school="school_id", when="received_at", months=months)
    hours: dict[tuple[int, Month], list[float]] = defaultdict(list)
    on_target: Counter[tuple[int, Month]] = Counter()
    answered = queryset.filter(
        received_at__gte=months[0].start_at,
        received_at__lt=months[-1].end_at,
        first_response_at__isnull=False,
    ).values_list("school_id", "received_at", "first_response_at", "target_response_hours")
    bounds = [(m, m.start_at, m.end_at) for m in months]
    for school_id, received, first, target in answered.iterator(chunk_size=5000):
        month = next(m for m, a, b in bounds if a <= received < b)
        h = (first - received).total_seconds() / 3600.0
        hours[(school_id, month)].append(h)
        on_target[(school_id, month)] += h <= target
    for key, cell in counts.items():
        cell["answered"] = len(hours.get(key, ()))
        cell["on_target"] = on_target.get(key, 0)
    return counts, dict(hours)


# ----------------------------------------------------------------------------- children


def children_by_characteristics(people: QuerySet[Any]) -> Counter[tuple[str, ...]]:
    """Children by (ethnicity, fsm, sen, sex) codes: one GROUP BY over young people (each row
    one child, so a plain count is a count of children)."""
    rows = people.values(*CHILD_COLUMNS).annotate(n=Count("pk")).order_by()
    return Counter({tuple(r[c] for c in CHILD_COLUMNS): r["n"] for r in rows})


def events_by_snapshot(
    events: QuerySet[Any], positive: Q, decided: Q | None = None
) -> dict[tuple[str, ...], tuple[int, int]]:
    """Events by the child's characteristics at the time: (events, events matching
    `positive`), counting only `decided` events when given. One GROUP BY."""
    qs = events.filter(decided) if decided is not None else events
    rows = (
        qs.values(*SNAPSHOT_COLUMNS)
        .annotate(n=Count("pk"), k=Count("pk", filter=positive))
        .order_by()
    )
    return {tuple(r[c] for c in SNAPSHOT_COLUMNS): (r["n"], r["k"]) for r in rows}


def outcome_counts_by_school(incidents: QuerySet[Any]) -> list[tuple[str, str, int]]:
    """(school name, outcome, incidents): one GROUP BY."""
    rows = incidents.values("school__name", "outcome").annotate(n=Count("pk")).order_by()
    return [(r["school__name"], r["outcome"], r["n"]) for r in rows]
