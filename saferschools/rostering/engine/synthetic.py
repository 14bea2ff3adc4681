"""A synthetic but realistic Kent & Medway instance for tests and the bench.

Thirteen districts (Kent's twelve plus Medway) in three divisions, 70 constables (3-9 per
district), 6 sergeants (two per division), each constable named officer for 1-4 secondary schools,
a few part-time contracts, staggered annual leave, training and court days, and INSET closures.
The real saved plan feeds the engine through the same :class:`~.domain.Instance`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
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

__all__ = [
    "KENT_MEDWAY_DISTRICTS",
    "large_force_districts",
    "small_instance",
    "synthetic_kent_medway",
    "synthetic_large_force",
]

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

#: a Monday in term (the summer term ends 22 July 2025): where `small_instance` starts
TERM_MONDAY = date(2025, 7, 7)

_PART_TIME = (
    Contract(max_days_per_week=3),
    Contract(max_days_per_week=4, fixed_days_off=frozenset({4})),
    Contract(max_days_per_week=4, max_hours_per_week=32.0),
)


def large_force_districts(
    constables: int = 300, divisions: int = 10, per_district: tuple[int, ...] = (3, 4, 5, 6, 7)
) -> tuple[tuple[str, str, str, int], ...]:
    """A district table for a large synthetic force: team sizes cycling through
    ``per_district`` until ``constables`` are placed, districts dealt round the divisions."""
    out: list[tuple[str, str, str, int]] = []
    left, k = constables, 0
    while left > 0:
        size = min(left, per_district[k % len(per_district)])
        if left - size in (1, 2):  # no team too small to cover seven days
            size = left
        division = f"Division {k % divisions + 1}"
        out.append((f"D{k + 1:03d}", f"District {k + 1}", division, size))
        left -= size
        k += 1
    return tuple(out)


def synthetic_large_force(
    start: date,
    weeks: int,
    constables: int = 300,
    sergeants: int = 30,
    divisions: int = 10,
    seed: int = 7,
) -> Instance:
    """A force of ``constables`` constables and ``sergeants`` sergeants (the scale case of the
    bench: 300 and 30 over 26 weeks), built like the Kent & Medway instance."""
    return synthetic_kent_medway(
        start,
        weeks,
        seed=seed,
        districts=large_force_districts(constables, divisions),
        sergeants_per_division=max(2, sergeants // divisions),
    )


def synthetic_kent_medway(
    start: date,
    weeks: int,
    seed: int = 7,
    rules: Rules | None = None,
    districts: tuple[tuple[str, str, str, int], ...] = KENT_MEDWAY_DISTRICTS,
    sergeants_per_division: int = 2,
) -> Instance:
    """Build the synthetic Kent & Medway instance for ``weeks`` weeks from ``start`` (or, with
    ``districts``, another force built the same way)."""
    rng = random.Random(seed)
    end = start + timedelta(days=7 * weeks - 1)
    table = districts
    districts_ = tuple(District(i, n, v) for i, n, v, _ in table)
    officers: list[Officer] = []
    schools: list[School] = []
    absences: list[Absence] = []
    n_days = 7 * weeks
    days = [start + timedelta(days=k) for k in range(n_days)]
    part_time_left = 6
    for did, name, division, size in table:
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
    for division in sorted({v for _, _, v, _ in table}):
        for k in range(sergeants_per_division):
            short = division[:1] if table is KENT_MEDWAY_DISTRICTS else division.split()[-1]
            sid = f"PS-{short}-{k + 1}"
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
    return _instance(
        start, end, districts_, schools, officers, tuple(unique.values()), rules, closures
    )


def small_instance(
    start: date = TERM_MONDAY,
    days: int = 7,
    teams: Mapping[str, int] | None = None,
    schools_per_officer: int = 1,
    sergeants: int = 1,
    rules: Rules | None = None,
    absences: tuple[Absence, ...] = (),
    contracts: Mapping[str, Contract] | None = None,
    no_school: tuple[str, ...] = (),
) -> Instance:
    """A small hand-sized instance for the engine tests: districts ``A``, ``B``... (division
    ``N``) with constables ``A1``, ``A2``..., each named officer for ``schools_per_officer``
    schools (none for those in ``no_school``), and sergeants ``G1``..."""
    teams = teams or {"A": 3}
    contracts = contracts or {}
    end = start + timedelta(days=days - 1)
    districts = tuple(District(d, f"District {d}", "N") for d in teams)
    officers: list[Officer] = []
    schools: list[School] = []
    for d, n in teams.items():
        for k in range(1, n + 1):
            oid = f"{d}{k}"
            officers.append(
                Officer(oid, f"PC {oid}", Rank.CONSTABLE, "N", d, contracts.get(oid, Contract()))
            )
            if oid not in no_school:
                for s in range(schools_per_officer):
                    schools.append(School(f"S-{oid}-{s}", f"School {oid}.{s}", d, oid))
    for k in range(1, sergeants + 1):
        officers.append(Officer(f"G{k}", f"PS G{k}", Rank.SERGEANT, "N"))
    return _instance(start, end, districts, schools, officers, absences, rules, ())


def _instance(
    start: date,
    end: date,
    districts: tuple[District, ...],
    schools: Sequence[School],
    officers: Sequence[Officer],
    absences: tuple[Absence, ...],
    rules: Rules | None,
    closures: Sequence[Closure],
) -> Instance:
    """The instance over [start, end] on the standard English school calendar plus ``closures``."""
    return Instance(
        start=start,
        end=end,
        districts=districts,
        schools=tuple(schools),
        officers=tuple(officers),
        calendar=standard_english_school_calendar(start, end).with_closures(closures),
        absences=absences,
        rules=rules or Rules(),
    )
