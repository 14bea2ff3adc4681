"""Outcome test: the share of searches that find nothing, by group.

Business rule: where no fair population denominator exists, compare what searches *find*.
If officers search one group on weaker grounds, a larger share of that group's searches ends in
"nothing found / no further action" (the outcome or "hit rate" test). For each group:

* share = nothing_found / searches, with a Wilson 95% interval;
* difference = share - overall share (all groups pooled), in proportion points
  (0.05 = five percentage points);
* ``overall_outside_ci`` is True when the overall share lies outside the group's interval, a
  plain flag for "worth a look", not a formal test of the difference;
* a group with no searches has no share and is flagged ``too_few``.

Searches whose outcome was not recorded must be left out of both counts by the caller (they are
neither "found" nor "nothing found").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .intervals import wilson_interval

__all__ = ["OutcomeCount", "OutcomeRow", "OutcomeTest", "outcome_test"]


@dataclass(frozen=True)
class OutcomeCount:
    """Searches with a recorded outcome, and how many of them found nothing."""

    searches: int
    nothing_found: int

    def __post_init__(self) -> None:
        if not 0 <= self.nothing_found <= self.searches:
            raise ValueError("nothing_found must lie in 0..searches")


@dataclass(frozen=True)
class OutcomeRow:
    group: str
    searches: int
    nothing_found: int
    share: float | None
    ci_low: float | None
    ci_high: float | None
    difference: float | None
    overall_outside_ci: bool
    too_few: bool


@dataclass(frozen=True)
class OutcomeTest:
    """Rows per group (mapping order) and the pooled row (``group`` = ``overall_label``)."""

    rows: list[OutcomeRow]
    overall: OutcomeRow


def outcome_test(
    counts: Mapping[str, OutcomeCount],
    *,
    confidence: float = 0.95,
    overall_label: str = "All",
) -> OutcomeTest:
    """Nothing-found share by group, its Wilson interval and its gap to the pooled share."""
    total = OutcomeCount(
        searches=sum(c.searches for c in counts.values()),
        nothing_found=sum(c.nothing_found for c in counts.values()),
    )
    overall = _row(overall_label, total, None, confidence)
    rows = [_row(g, c, overall.share, confidence) for g, c in counts.items()]
    return OutcomeTest(rows=rows, overall=overall)


def _row(group: str, c: OutcomeCount, overall: float | None, confidence: float) -> OutcomeRow:
    if c.searches == 0:
        return OutcomeRow(group, 0, 0, None, None, None, None, False, True)
    share = c.nothing_found / c.searches
    lo, hi = wilson_interval(c.nothing_found, c.searches, confidence)
    diff = None if overall is None else share - overall
    outside = overall is not None and not lo <= overall <= hi
    return OutcomeRow(group, c.searches, c.nothing_found, share, lo, hi, diff, outside, False)
