"""Problem data of the rostering engine: shift types, officers, schools, absences, rules.

Everything here is plain, immutable data. The Django layer builds an :class:`Instance` from its
models (or the saved allocation plan); the engine never touches the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

from .school_calendar import DayType, SchoolCalendar

__all__ = [
    "DEFAULT_SHIFT_TYPES",
    "WORKING_ABSENCE_REASONS",
    "Absence",
    "AbsenceReason",
    "CarryOver",
    "Contract",
    "District",
    "Instance",
    "Officer",
    "PenaltyWeights",
    "Rank",
    "Rules",
    "School",
    "ShiftType",
    "minutes_between",
]

LONDON = "Europe/London"


class Rank(StrEnum):
    CONSTABLE = "constable"
    SERGEANT = "sergeant"


class AbsenceReason(StrEnum):
    ANNUAL_LEAVE = "annual_leave"
    SICKNESS = "sickness"
    REST_DAY = "rest_day"
    TRAINING = "training"
    COURT = "court"
    REDEPLOYED = "redeployed"
    OTHER = "other"


#: Absences that are duty time of this roster's officers: they count as a working day (and
#: :attr:`Rules.absence_work_hours` hours) for the rest-day, consecutive-day and hours rules.
#: A redeployment is not one of them: the officer is rostered by the unit they are lent to
#: (its rest days are that roster's), so here it is time away, like leave (decision 150).
WORKING_ABSENCE_REASONS = frozenset({AbsenceReason.TRAINING, AbsenceReason.COURT})


def minutes_between(a: datetime, b: datetime) -> int:
    """Real elapsed minutes from ``a`` to ``b`` (computed in UTC, so DST changes count)."""
    return int((b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() // 60)


@dataclass(frozen=True)
class ShiftType:
    """A shift pattern. ``end <= start`` means the shift ends the next day.

    Flags used by the rules: ``school_hours`` (counts as school-hours presence), ``youth_cover``
    (counts as holiday youth-activity cover), ``late`` (a late for fairness and weekend cover).
    """

    code: str
    name: str
    start: time
    end: time
    school_hours: bool = False
    youth_cover: bool = False
    late: bool = False

    def interval(self, day: date, tz: str = LONDON) -> tuple[datetime, datetime]:
        """Timezone-aware start and end of this shift when worked on ``day``."""
        zone = ZoneInfo(tz)
        start = datetime.combine(day, self.start, tzinfo=zone)
        end_day = day if self.end > self.start else day + timedelta(days=1)
        return start, datetime.combine(end_day, self.end, tzinfo=zone)

    def minutes(self, day: date, tz: str = LONDON) -> int:
        """Length of the shift worked on ``day`` in real minutes."""
        s, e = self.interval(day, tz)
        return minutes_between(s, e)


DEFAULT_SHIFT_TYPES: tuple[ShiftType, ...] = (
    ShiftType("E", "early", time(7), time(15)),
    ShiftType("D", "day", time(8), time(16), school_hours=True, youth_cover=True),
    ShiftType("L", "late", time(14), time(22), youth_cover=True, late=True),
)


@dataclass(frozen=True)
class Contract:
    """Working pattern. Full time is the default (no limits beyond the general rules).

    ``max_days_per_week`` / ``max_hours_per_week`` cap each Monday-Sunday week (partial weeks at the
    horizon edges use the same cap); ``fixed_days_off`` are weekdays (0=Monday) never worked.
    """

    max_days_per_week: int | None = None
    max_hours_per_week: float | None = None
    fixed_days_off: frozenset[int] = frozenset()

    @property
    def is_full_time(self) -> bool:
        return (
            self.max_days_per_week is None
            and self.max_hours_per_week is None
            and not self.fixed_days_off
        )

    @property
    def key(self) -> str:
        """Fairness groups compare officers with the same contract key."""
        if self.is_full_time:
            return "full_time"
        days = "".join(str(d) for d in sorted(self.fixed_days_off))
        return f"pt:{self.max_days_per_week}:{self.max_hours_per_week}:{days}"


@dataclass(frozen=True)
class District:
    id: str
    name: str
    division: str


@dataclass(frozen=True)
class School:
    """A secondary school; ``named_officer_id`` is its named Schools Officer (a constable)."""

    id: str
    name: str
    district_id: str
    named_officer_id: str | None = None


@dataclass(frozen=True)
class Officer:
    """A constable (works in ``district_id``) or a sergeant (supervises ``division``).

    A constable's ``division`` must be its district's division; a sergeant may have no district.
    """

    id: str
    name: str
    rank: Rank
    division: str
    district_id: str | None = None
    contract: Contract = field(default_factory=Contract)


@dataclass(frozen=True)
class Absence:
    """A day an officer is not available for the roster, with the reason."""

    officer_id: str
    day: date
    reason: AbsenceReason = AbsenceReason.ANNUAL_LEAVE
    note: str = ""

    @property
    def counts_as_work(self) -> bool:
        return self.reason in WORKING_ABSENCE_REASONS


@dataclass(frozen=True)
class CarryOver:
    """What an officer brings into the horizon from the rosters before it (continuity).

    * ``consecutive_days``: working days in a row ending the day before the horizon starts;
    * ``last_shift_end``: end of the officer's last shift before the horizon (for the 11 hours);
    * ``week_days_before`` / ``week_worked_before``: days of the horizon's first Monday-Sunday week
      that fall before the horizon, and how many of them were working days (so a roster starting
      mid-week still owes the week's rest days);
    * ``weekends``, ``lates``, ``bank_holidays``: shifts of each kind worked earlier in the
      fairness year, so fairness is measured over the year and not only within one roster.
    """

    officer_id: str
    consecutive_days: int = 0
    last_shift_end: datetime | None = None
    week_days_before: int = 0
    week_worked_before: int = 0
    weekends: int = 0
    lates: int = 0
    bank_holidays: int = 0

    def __post_init__(self) -> None:
        if self.last_shift_end is not None and self.last_shift_end.tzinfo is None:
            raise ValueError("last_shift_end must be timezone-aware")
        if not 0 <= self.week_worked_before <= self.week_days_before <= 6:
            raise ValueError("week_worked_before must be within week_days_before (0-6)")


@dataclass(frozen=True)
class PenaltyWeights:
    """Objective weight of one unit of each soft rule."""

    named_officer_absent: int = 10
    weekend_early_and_late: int = 20
    fairness_weekends: int = 6
    fairness_lates: int = 6
    fairness_bank_holidays: int = 6
    sergeant_outside_division: int = 3


@dataclass(frozen=True)
class Rules:
    """Limits of the hard rules and switches of the soft ones (defaults: WTR + Police Regulations).

    * ``min_rest_hours``: rest between the end of one shift and the start of the next (WTR: 11).
    * ``rest_days_per_week``: rest days in each Monday-Sunday week (Police Regulations: 2; a
      partial week of ``n`` days at the edge of the horizon needs ``floor(rest_days * n / 7)``).
      One rest day between shifts of 07:00-22:00 already gives the WTR's 24 hours' uninterrupted
      rest, so the WTR weekly-rest rule is implied whenever this is at least 1.
    * ``max_consecutive_days``: longest run of working days.
    * ``max_average_weekly_hours`` over ``reference_period_weeks`` (WTR 48h over 17 weeks). A horizon
      shorter than the reference period gets the pro-rata cap ``floor(48h * days / 7)``; a longer
      one is checked on every rolling window of the reference period.
    * ``absence_work_hours``: hours credited for a training or court day.
    * ``named_presence_min_share``: share of their available school days a constable with named
      schools must spend on the school-hours shift (hard floor; the soft rule asks for every day).
    * ``weekend_early_and_late``: switch for the soft rule wanting an early-ish and a late shift in
      every district on days that are not school days.
    """

    min_rest_hours: int = 11
    rest_days_per_week: int = 2
    max_consecutive_days: int = 6
    max_average_weekly_hours: int = 48
    reference_period_weeks: int = 17
    absence_work_hours: int = 8
    named_presence_min_share: float = 0.5
    weekend_early_and_late: bool = True
    weights: PenaltyWeights = field(default_factory=PenaltyWeights)


@dataclass(frozen=True)
class Instance:
    """One rostering problem: who, where, which days, and under which rules."""

    start: date
    end: date
    districts: tuple[District, ...]
    schools: tuple[School, ...]
    officers: tuple[Officer, ...]
    calendar: SchoolCalendar
    absences: tuple[Absence, ...] = ()
    shift_types: tuple[ShiftType, ...] = DEFAULT_SHIFT_TYPES
    rules: Rules = field(default_factory=Rules)
    timezone: str = LONDON
    carry_over: tuple[CarryOver, ...] = ()

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("horizon ends before it starts")
        districts = {d.id: d for d in self.districts}
        ids = [o.id for o in self.officers]
        if len(set(ids)) != len(ids):
            raise ValueError("duplicate officer id")
        for o in self.officers:
            if o.rank is Rank.CONSTABLE:
                if o.district_id not in districts:
                    raise ValueError(f"constable {o.id} has unknown district {o.district_id!r}")
                if districts[o.district_id].division != o.division:
                    raise ValueError(f"constable {o.id}: division differs from its district's")
        officers = set(ids)
        for s in self.schools:
            if s.district_id not in districts:
                raise ValueError(f"school {s.id} has unknown district {s.district_id!r}")
            if s.named_officer_id is not None and s.named_officer_id not in officers:
                raise ValueError(f"school {s.id} names unknown officer {s.named_officer_id!r}")
        for a in self.absences:
            if a.officer_id not in officers:
                raise ValueError(f"absence for unknown officer {a.officer_id!r}")
        if len({s.code for s in self.shift_types}) != len(self.shift_types):
            raise ValueError("duplicate shift code")
        for c in self.carry_over:
            if c.officer_id not in officers:
                raise ValueError(f"carry-over for unknown officer {c.officer_id!r}")

    # -- derived views -------------------------------------------------------------------
    @cached_property
    def days(self) -> tuple[date, ...]:
        return tuple(self.calendar.days(self.start, self.end))

    @cached_property
    def day_types(self) -> tuple[DayType, ...]:
        return tuple(self.calendar.day_type(d) for d in self.days)

    @cached_property
    def divisions(self) -> tuple[str, ...]:
        return tuple(sorted({d.division for d in self.districts}))

    @cached_property
    def officer_by_id(self) -> dict[str, Officer]:
        return {o.id: o for o in self.officers}

    @cached_property
    def shift_by_code(self) -> dict[str, ShiftType]:
        return {s.code: s for s in self.shift_types}

    @cached_property
    def absence_on(self) -> dict[tuple[str, date], Absence]:
        """The absence of an officer on a day (the last one given wins)."""
        return {(a.officer_id, a.day): a for a in self.absences}

    @cached_property
    def carry_over_of(self) -> dict[str, CarryOver]:
        """Each officer's carry-over (an officer without one starts fresh)."""
        return {c.officer_id: c for c in self.carry_over}

    def history(self, officer_id: str) -> CarryOver:
        return self.carry_over_of.get(officer_id) or CarryOver(officer_id)

    def constables(self, district_id: str | None = None) -> tuple[Officer, ...]:
        return tuple(
            o
            for o in self.officers
            if o.rank is Rank.CONSTABLE and (district_id is None or o.district_id == district_id)
        )

    def sergeants(self) -> tuple[Officer, ...]:
        return tuple(o for o in self.officers if o.rank is Rank.SERGEANT)

    @cached_property
    def schools_by_officer(self) -> dict[str, tuple[School, ...]]:
        out: dict[str, list[School]] = {}
        for s in self.schools:
            if s.named_officer_id is not None:
                out.setdefault(s.named_officer_id, []).append(s)
        return {k: tuple(v) for k, v in out.items()}

    def schools_of(self, officer_id: str) -> tuple[School, ...]:
        return self.schools_by_officer.get(officer_id, ())

    def is_youth_cover_day(self, day: date) -> bool:
        """Holiday youth-activity cover is due on every day outside term (weekends included)."""
        return not self.calendar.in_term(day)

    def weeks(self) -> Iterator[tuple[int, ...]]:
        """Day indexes grouped by Monday-Sunday week (edge weeks may be partial)."""
        current: list[int] = []
        for i, d in enumerate(self.days):
            if d.weekday() == 0 and current:
                yield tuple(current)
                current = []
            current.append(i)
        if current:
            yield tuple(current)
