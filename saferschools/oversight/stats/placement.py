"""Placement fairness: is Schools Officer time spread in line with pupils?

Business rule: an officer's time at a school is shared evenly across its pupils, so a group's
officer time is the sum over schools of ``officer_fte x group pupils / school pupils``. For each
group (e.g. FSM / not FSM, or the IoD deprivation decile of the school's area):

* officers per 1,000 pupils = group officer time / group pupils x 1,000;
* officer share = group officer time / all officer time; pupil share = group pupils / all pupils;
* representation ratio = officer share / pupil share (1 = in proportion; 2 = twice the
  officer presence its pupil numbers would give). Whether more presence is a benefit
  (safeguarding) or a burden (more policing of poorer pupils) is for the reader; the figure is
  neutral.

Officer time at a school with no pupils on record cannot be shared out and is reported as
``unattributed_fte``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "PlacementResult",
    "PlacementRow",
    "SchoolPlacement",
    "fsm_split",
    "placement_fairness",
]


@dataclass(frozen=True)
class SchoolPlacement:
    """A school's officer time (FTE, or any consistent unit) and pupils by group."""

    school_id: str
    officer_fte: float
    pupils_by_group: Mapping[str, float]

    def __post_init__(self) -> None:
        if self.officer_fte < 0 or any(v < 0 for v in self.pupils_by_group.values()):
            raise ValueError("officer time and pupil counts cannot be negative")


@dataclass(frozen=True)
class PlacementRow:
    group: str
    pupils: float
    officer_fte: float
    officers_per_1000: float | None
    officer_share: float | None
    pupil_share: float | None
    representation_ratio: float | None


@dataclass(frozen=True)
class PlacementResult:
    rows: list[PlacementRow]  # groups in first-seen order
    total_pupils: float
    total_fte: float
    unattributed_fte: float


def fsm_split(pupils: float, percentage_fsm: float) -> dict[str, float]:
    """Split a roll into "FSM" and "Not FSM" from the GIAS PercentageFSM (0-100)."""
    if not 0.0 <= percentage_fsm <= 100.0:
        raise ValueError("percentage_fsm must lie in 0..100")
    fsm = pupils * percentage_fsm / 100.0
    return {"FSM": fsm, "Not FSM": pupils - fsm}


def placement_fairness(schools: Sequence[SchoolPlacement]) -> PlacementResult:
    """Officers per 1,000 pupils and representation ratio by pupil group."""
    pupils: dict[str, float] = {}
    fte: dict[str, float] = {}
    unattributed = 0.0
    for school in schools:
        roll = sum(school.pupils_by_group.values())
        for group in school.pupils_by_group:
            pupils.setdefault(group, 0.0)
            fte.setdefault(group, 0.0)
        if roll <= 0:
            unattributed += school.officer_fte
            continue
        for group, n in school.pupils_by_group.items():
            pupils[group] += n
            fte[group] += school.officer_fte * n / roll
    total_pupils = sum(pupils.values())
    total_fte = sum(fte.values())
    rows = []
    for group, n in pupils.items():
        officer_share = fte[group] / total_fte if total_fte else None
        pupil_share = n / total_pupils if total_pupils else None
        ratio = None
        if officer_share is not None and pupil_share:
            ratio = officer_share / pupil_share
        rows.append(
            PlacementRow(
                group=group,
                pupils=n,
                officer_fte=fte[group],
                officers_per_1000=fte[group] * 1000.0 / n if n else None,
                officer_share=officer_share,
                pupil_share=pupil_share,
                representation_ratio=ratio,
            )
        )
    return PlacementResult(rows, total_pupils, total_fte, unattributed)
