"""The statutory deadline on hand-made calendars (no database)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from saferschools.encompass.deadline import NoSchoolDayError, next_school_day_start
from saferschools.rostering.engine.school_calendar import Closure, SchoolCalendar, TermPeriod

LONDON = ZoneInfo("Europe/London")

#: Autumn 2026 with a hand-made half-term (26–30 October) and an INSET day at one school.
AUTUMN = SchoolCalendar(
    terms=(
        TermPeriod("Autumn 1", date(2026, 9, 2), date(2026, 10, 23)),
        TermPeriod("Autumn 2", date(2026, 11, 2), date(2026, 12, 18)),
        TermPeriod("Spring 1", date(2027, 1, 4), date(2027, 2, 12)),
        TermPeriod("Summer 1", date(2027, 4, 12), date(2027, 5, 28)),
    ),
    bank_holidays={date(2027, 5, 3): "Early May bank holiday"},
    closures=(Closure(date(2026, 11, 13), "1001", "INSET day"),),
)


def at(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def due(incident: datetime, school: str = "1001") -> datetime:
    return next_school_day_start(incident, calendar=AUTUMN, school_id=school)


def test_weekday_evening_is_due_next_morning() -> None:
    # Tuesday 10 November 2026, 19:40 -> Wednesday 08:30.
    assert due(at(2026, 11, 10, 19, 40)) == at(2026, 11, 11, 8, 30)


def test_small_hours_of_a_school_day_are_due_that_morning() -> None:
    assert due(at(2026, 11, 10, 2, 15)) == at(2026, 11, 10, 8, 30)


def test_during_the_school_day_is_due_the_next_school_day() -> None:
    assert due(at(2026, 11, 10, 8, 30)) == at(2026, 11, 11, 8, 30)


def test_friday_night_is_due_monday_morning() -> None:
    # Friday 6 November 2026, 23:10 -> Monday 9 November 08:30.
    assert due(at(2026, 11, 6, 23, 10)) == at(2026, 11, 9, 8, 30)
    # ... and Saturday and Sunday incidents too.
    assert due(at(2026, 11, 7, 14, 0)) == at(2026, 11, 9, 8, 30)
    assert due(at(2026, 11, 8, 21, 0)) == at(2026, 11, 9, 8, 30)


def test_half_term_is_due_on_the_first_day_back() -> None:
    # Wednesday 28 October 2026 (half-term) -> Monday 2 November 08:30.
    assert due(at(2026, 10, 28, 12, 0)) == at(2026, 11, 2, 8, 30)
    # The last Friday of the first half-term, after school -> the first day back too.
    assert due(at(2026, 10, 23, 17, 0)) == at(2026, 11, 2, 8, 30)


def test_the_holidays_are_due_on_the_first_day_of_term() -> None:
    # Christmas Eve -> Monday 4 January 2027.
    assert due(at(2026, 12, 24, 20, 0)) == at(2027, 1, 4, 8, 30)


def test_inset_day_at_one_school_moves_only_that_school() -> None:
    # Thursday 12 November evening; Friday 13 November is an INSET day at school 1001 only.
    assert due(at(2026, 11, 12, 18, 0), "1001") == at(2026, 11, 16, 8, 30)
    assert due(at(2026, 11, 12, 18, 0), "2002") == at(2026, 11, 13, 8, 30)


def test_bank_holiday_is_not_a_school_day() -> None:
    # Friday 30 April 2027 evening; Monday 3 May is a bank holiday -> Tuesday 4 May.
    assert due(at(2027, 4, 30, 22, 0)) == at(2027, 5, 4, 8, 30)


def test_british_summer_time_keeps_the_local_start() -> None:
    # Across the clocks going back (Sunday 25 October 2026): still 08:30 local, now GMT.
    got = due(at(2026, 10, 24, 9, 0))
    assert got == at(2026, 11, 2, 8, 30)
    assert got.utcoffset() is not None and got.utcoffset().total_seconds() == 0


def test_a_school_can_start_earlier() -> None:
    got = next_school_day_start(
        at(2026, 11, 10, 19, 0), calendar=AUTUMN, school_id="1001", day_start=time(8, 0)
    )
    assert got == at(2026, 11, 11, 8, 0)


def test_no_term_dates_is_a_clear_error() -> None:
    empty = SchoolCalendar(terms=())
    with pytest.raises(NoSchoolDayError, match="term dates"):
        next_school_day_start(at(2026, 11, 10, 19, 0), calendar=empty, school_id="1001")
