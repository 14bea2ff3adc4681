"""Relative rate index (RRI): disproportionality against a population denominator.

Business rule (as used in Youth Justice / Home Office disproportionality tables):

* rate per 1,000 = actions / population x 1,000 for each group;
* RRI = rate of the group / rate of the reference group (usually White);
* 95% interval by the log (Katz) method,
  SE(ln RRI) = sqrt(1/a - 1/n1 + 1/c - 1/n2) with a, n1 the group's actions and population
  and c, n2 the reference group's;
* "significant" when the interval excludes 1;
* a group with fewer than ``min_actions`` actions (default: zero actions), or compared with a
  reference that has fewer, gets no interval and is flagged ``too_few``; the point RRI is still
  given when it is defined (0 when the group has no actions, None when the reference rate is 0).

Each action must be counted against a distinct member of the population (a person searched twice
counts twice, so ``actions`` may not exceed ``population``; otherwise use a Poisson rate ratio).
Counts shown to the public must still pass disclosure control (``disclosure``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .intervals import katz_log_ratio_interval

__all__ = ["GroupCount", "RateRow", "relative_rate_index"]

PER = 1000


@dataclass(frozen=True)
class GroupCount:
    """Actions (e.g. searches, arrests) and population at risk for one group."""

    actions: int
    population: int

    def __post_init__(self) -> None:
        if self.actions < 0 or self.population < 0:
            raise ValueError("counts cannot be negative")
        if self.actions > self.population:
            raise ValueError("actions cannot exceed the population at risk")


@dataclass(frozen=True)
class RateRow:
    """One output row; ``rri`` and ``interval`` (low, high) are None when undefined."""

    group: str
    count: GroupCount
    rri: float | None
    interval: tuple[float, float] | None
    too_few: bool
    is_reference: bool

    @property
    def actions(self) -> int:
        return self.count.actions

    @property
    def population(self) -> int:
        return self.count.population

    @property
    def rate_per_1000(self) -> float | None:
        return _rate(self.count)

    @property
    def ci_low(self) -> float | None:
        return self.interval[0] if self.interval else None

    @property
    def ci_high(self) -> float | None:
        return self.interval[1] if self.interval else None

    @property
    def significant(self) -> bool:
        """The interval excludes 1."""
        return self.interval is not None and (self.interval[0] > 1.0 or self.interval[1] < 1.0)


def relative_rate_index(
    counts: Mapping[str, GroupCount],
    reference: str,
    *,
    confidence: float = 0.95,
    min_actions: int = 1,
) -> list[RateRow]:
    """RRI of every group against ``reference`` (rows in the mapping's order)."""
    if reference not in counts:
        raise KeyError(f"reference group {reference!r} is not in the counts")
    if min_actions < 1:
        raise ValueError("min_actions must be at least 1 (a zero count has no log interval)")
    ref = counts[reference]
    ref_rate = _rate(ref)
    ref_few = ref.actions < min_actions
    rows: list[RateRow] = []
    for group, gc in counts.items():
        rate = _rate(gc)
        is_ref = group == reference
        rri: float | None = None
        if rate is not None and ref_rate:
            rri = rate / ref_rate
        interval = None
        too_few = gc.actions < min_actions or ref_few
        if not is_ref and not too_few:
            interval = katz_log_ratio_interval(
                gc.actions, gc.population, ref.actions, ref.population, confidence
            )
        rows.append(RateRow(group, gc, rri, interval, too_few=too_few, is_reference=is_ref))
    return rows


def _rate(gc: GroupCount) -> float | None:
    """Rate per 1,000; None when there is no population."""
    return gc.actions * PER / gc.population if gc.population else None
