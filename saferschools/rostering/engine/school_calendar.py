"""School calendar: terms, half-terms, bank holidays and closures as plain data.

A day in the roster horizon has exactly one :class:`DayType`, decided in this order:

1. ``BANK_HOLIDAY`` - an England bank holiday (``holidays`` package, ``GB`` subdivision ``ENG``);
2. ``WEEKEND``      - Saturday or Sunday;
3. ``SCHOOL_HOLIDAY`` - a weekday outside every term period (half-terms, Christmas, Easter, summer);
4. ``CLOSURE``      - a term weekday on which *every* school is closed (a force-wide closure);
5. ``SCHOOL_DAY``   - any other term weekday.

Closures can also name one school (an INSET day): the day stays a ``SCHOOL_DAY`` but that
school is not open, so it needs no school-hours presence.

:func:`standard_english_school_calendar` generates a "standard" English school year (three
terms, each split by a half-term break). A force's published dates replace it simply by building
:class:`SchoolCalendar` with its own :class:`TermPeriod` list.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from dateutil.easter import easter

__all__ = [
    "Closure",
    "DayType",
    "SchoolCalendar",
    "TermPeriod",
    "england_bank_holidays",
    "standard_english_school_calendar",
    "standard_english_terms",
]


class DayType(StrEnum):
    """Kind of day, as used by the rostering rules."""

    SCHOOL_DAY = "school_day"
    WEEKEND = "weekend"
    SCHOOL_HOLIDAY = "school_holiday"
    BANK_HOLIDAY = "bank_holiday"
    CLOSURE = "closure"


@dataclass(frozen=True)
class TermPeriod:
    """A stretch of days when schools are open on weekdays (both ends inclusive)."""

    name: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"term period {self.name!r} ends before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Closure:
    """A day a school is closed in term time; ``school_id=None`` closes every school."""

    day: date
    school_id: str | None = None
    reason: str = "closure"


def england_bank_holidays(first: date, last: date) -> dict[date, str]:
    """England's bank holidays between ``first`` and ``last`` inclusive (package ``holidays``)."""
    import holidays

    years = range(first.year, last.year + 1)
    table = holidays.country_holidays("GB", subdiv="ENG", years=years)
    return {d: str(name) for d, name in sorted(table.items()) if first <= d <= last}


@dataclass(frozen=True)
class SchoolCalendar:
    """Term periods, bank holidays and closures; answers "what kind of day is this?"."""

    terms: tuple[TermPeriod, ...]
    bank_holidays: dict[date, str] = field(default_factory=dict)
    closures: tuple[Closure, ...] = ()

    def in_term(self, day: date) -> bool:
        """True when ``day`` falls inside a term period (weekends included)."""
        return any(day in t for t in self.terms)

    def day_type(self, day: date) -> DayType:
        """The :class:`DayType` of ``day`` (see the module docstring for precedence)."""
        if day in self.bank_holidays:
            return DayType.BANK_HOLIDAY
        if day.weekday() >= 5:
            return DayType.WEEKEND
        if not self.in_term(day):
            return DayType.SCHOOL_HOLIDAY
        if any(c.day == day and c.school_id is None for c in self.closures):
            return DayType.CLOSURE
        return DayType.SCHOOL_DAY

    def school_open(self, school_id: str, day: date) -> bool:
        """True when ``school_id`` is open on ``day`` (a school day and not closed for it)."""
        if self.day_type(day) is not DayType.SCHOOL_DAY:
            return False
        return not any(c.day == day and c.school_id == school_id for c in self.closures)

    def days(self, first: date, last: date) -> Iterator[date]:
        """Every date from ``first`` to ``last`` inclusive."""
        d = first
        while d <= last:
            yield d
            d += timedelta(days=1)

    def with_closures(self, extra: Iterable[Closure]) -> SchoolCalendar:
        """A copy with more closures."""
        return SchoolCalendar(self.terms, dict(self.bank_holidays), (*self.closures, *extra))


def _weekday_on_or_after(d: date, weekday: int) -> date:
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _weekday_on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def standard_english_terms(academic_year: int) -> tuple[TermPeriod, ...]:
    """Six term periods of a standard English school year starting in September ``academic_year``.

    The generator's conventions (a typical local-authority pattern, *not* any force's dates):

    * autumn term opens on the first Wednesday on/after 1 September; half-term is the week of the
      last Monday of October; the term closes on the last Friday on/before 20 December;
    * spring term opens on the first Monday on/after 2 January; half-term is the week of the third
      Monday of February; the Easter break is the week before Easter Sunday plus the week after;
    * summer term opens after Easter; half-term is the week of the Spring Bank Holiday (last
      Monday of May); the year closes on 22 July (or the Friday before when 22 July is a weekend).
    """
    y, n = academic_year, academic_year + 1
    autumn_start = _weekday_on_or_after(date(y, 9, 1), 2)
    oct_ht = _weekday_on_or_before(date(y, 10, 31), 0)
    autumn_end = _weekday_on_or_before(date(y, 12, 20), 4)
    spring_start = _weekday_on_or_after(date(n, 1, 2), 0)
    feb_ht = _weekday_on_or_after(date(n, 2, 1), 0) + timedelta(weeks=2)
    easter_sunday = easter(n)
    easter_break_start = easter_sunday - timedelta(days=6)  # Monday of Holy Week
    easter_break_end = easter_sunday + timedelta(days=5)  # Friday after Easter Monday
    may_ht = _weekday_on_or_before(date(n, 5, 31), 0)
    summer_end = date(n, 7, 22)
    if summer_end.weekday() >= 5:
        summer_end = _weekday_on_or_before(summer_end, 4)
    return (
        TermPeriod(f"Autumn 1 {y}", autumn_start, oct_ht - timedelta(days=3)),
        TermPeriod(f"Autumn 2 {y}", oct_ht + timedelta(days=7), autumn_end),
        TermPeriod(f"Spring 1 {n}", spring_start, feb_ht - timedelta(days=3)),
        TermPeriod(
            f"Spring 2 {n}", feb_ht + timedelta(days=7), easter_break_start - timedelta(days=3)
        ),
        TermPeriod(
            f"Summer 1 {n}", easter_break_end + timedelta(days=3), may_ht - timedelta(days=3)
        ),
        TermPeriod(f"Summer 2 {n}", may_ht + timedelta(days=7), summer_end),
    )


def standard_english_school_calendar(
    first: date, last: date, closures: Iterable[Closure] = ()
) -> SchoolCalendar:
    """A :class:`SchoolCalendar` covering ``first``..``last`` with standard terms and bank holidays."""
    first_year = first.year if first.month >= 9 else first.year - 1
    last_year = last.year if last.month >= 9 else last.year - 1
    terms: list[TermPeriod] = []
    for y in range(first_year, last_year + 1):
        terms.extend(standard_english_terms(y))
    return SchoolCalendar(tuple(terms), england_bank_holidays(first, last), tuple(closures))
