"""A synthetic but realistic Kent & Medway instance for tests and the bench.

Thirteen districts (Kent's twelve plus Medway) in three divisions, 70 constables (3-9 per
district), 6 sergeants (two per division), each constable named officer for 1-4 secondary schools,
a few part-time contracts, staggered annual leave, training and court days, and INSET closures.
The real saved plan feeds the engine through the same :class:`~.domain.Instance`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .domain import (
    Absence,
    AbsenceReason,
    Contract,
    District,
    Instance,
    Officer,
    Rank,
    Rules,
    School,
)
from .school_calendar import Closure, DayType, standard_english_school_calendar

__all__ = ["KENT_MEDWAY_DISTRICTS", "synthetic_kent_medway"]

#: (district id, name, division, constables)
KENT_MEDWAY_DISTRICTS: tuple[tuple[str, str, str, int], ...] = (
    ("DAR", "Dartford", "North", 5),
    ("GRA", "Gravesham", "North", 5),
    ("MED", "Medway", "North", 9),
    ("SWA", "Swale", "North", 6),
    ("ASH", "Ashford", "East", 6),
    ("CAN", "Canterbury", "East", 6),
    ("DOV", "Dover", "East", 4),
    ("FOL", "Folkestone & Hythe", "East", 4),
    ("THA", "Thanet", "East", 6),
    ("MAI", "Maidstone", "West", 7),
    ("SEV", "Sevenoaks", "West", 3),
    ("TML", "Tonbridge & Malling", "West", 5),
    ("TUN", "Tunbridge Wells", "West", 4),
)

_PART_TIME = (
    Contract(max_days_per_week=3),
    Contract(max_days_per_week=4, fixed_days_off=frozenset({4})),
    Contract(max_days_per_week=4, max_hours_per_week=32.0),
)


def synthetic_kent_medway(
    start: date, weeks: int, seed: int = 7, rules: Rules | None = None
) -> Instance:
    """Build the synthetic Kent & Medway instance for ``weeks`` weeks from ``start``."""
    rng = random.Random(seed)
    end = start + timedelta(days=7 * weeks - 1)
    districts = tuple(District(i, n, v) for i, n, v, _ in KENT_MEDWAY_DISTRICTS)
    officers: list[Officer] = []
    schools: list[School] = []
    absences: list[Absence] = []
    n_days = 7 * weeks
    days = [start + timedelta(days=k) for k in range(n_days)]
    part_time_left = 6
    for did, name, division, size in KENT_MEDWAY_DISTRICTS:
        offset = rng.randrange(weeks)
        for k in range(size):
            oid = f"PC-{did}-{k + 1}"
            contract = Contract()
            if size >= 5 and k == size - 1 and part_time_left > 0:
                contract = _PART_TIME[part_time_left % len(_PART_TIME)]
                part_time_left -= 1
            officers.append(
                Officer(oid, f"PC {name} {k + 1}", Rank.CONSTABLE, division, did, contract)
            )
            for s in range(rng.choice((1, 1, 2, 2, 2, 3, 4))):
                sid = f"S-{did}-{k + 1}-{s + 1}"
                schools.append(School(sid, f"{name} School {k + 1}.{s + 1}", did, oid))
            # one block of annual leave (Mon-Fri, whole weeks staggered across the team)
            week = (offset + k * max(1, weeks // size)) % weeks
            if size >= 4 or k % 2 == 0:
                absences.extend(
                    Absence(oid, start + timedelta(days=7 * week + d), AbsenceReason.ANNUAL_LEAVE)
                    for d in range(5)
                )
            # a training day and, for some, a court date (not in the leave week)
            leave_days = {start + timedelta(days=7 * week + d) for d in range(7)}
            free = [d for d in days if d.weekday() < 5 and d not in leave_days]
            if rng.random() < 0.5:
                absences.append(
                    Absence(oid, rng.choice(free), AbsenceReason.TRAINING, "safeguarding refresher")
                )
            if rng.random() < 0.25:
                absences.append(Absence(oid, rng.choice(free), AbsenceReason.COURT, "witness"))
    for division in ("North", "East", "West"):
        for k in range(2):
            sid = f"PS-{division[:1]}-{k + 1}"
            officers.append(Officer(sid, f"PS {division} {k + 1}", Rank.SERGEANT, division))
            week = (k * 3 + len(division)) % weeks
            absences.extend(
                Absence(sid, start + timedelta(days=7 * week + d), AbsenceReason.ANNUAL_LEAVE)
                for d in range(5)
            )
    # de-duplicate absences (last wins) so every officer-day has at most one
    unique: dict[tuple[str, date], Absence] = {}
    for a in absences:
        unique.setdefault((a.officer_id, a.day), a)
    base = standard_english_school_calendar(start, end)
    term_days = [d for d in days if base.day_type(d) is DayType.SCHOOL_DAY]
    closures = []
    if term_days:
        for school in rng.sample(schools, k=len(schools) // 10):
            closures.append(Closure(rng.choice(term_days), school.id, "INSET day"))
    return Instance(
        start=start,
        end=end,
        districts=districts,
        schools=tuple(schools),
        officers=tuple(officers),
        calendar=base.with_closures(closures),
        absences=tuple(unique.values()),
        rules=rules or Rules(),
    )
