from datetime import date, time

from saferschools.rostering.engine.domain import ShiftType
from saferschools.rostering.engine.school_calendar import (
    Closure,
    DayType,
    SchoolCalendar,
    TermPeriod,
    standard_english_school_calendar,
    standard_english_terms,
)


def test_standard_year_has_three_terms_split_by_half_terms() -> None:
    terms = standard_english_terms(2025)
    assert len(terms) == 6
    assert terms[0].start == date(2025, 9, 3)  # first Wednesday of September
    assert terms[0].end == date(2025, 10, 24) and terms[1].start == date(
        2025, 11, 3
    )  # October half-term
    assert terms[1].end == date(2025, 12, 19)
    assert terms[2].start == date(2026, 1, 5)
    assert terms[5].end == date(2026, 7, 22)
    for a, b in zip(terms, terms[1:], strict=False):
        assert a.end < b.start


def test_day_types_and_precedence() -> None:
    cal = standard_english_school_calendar(
        date(2025, 7, 1),
        date(2025, 9, 30),
        closures=[Closure(date(2025, 9, 10)), Closure(date(2025, 9, 11), "S1")],
    )
    assert cal.day_type(date(2025, 7, 7)) is DayType.SCHOOL_DAY
    assert cal.day_type(date(2025, 7, 12)) is DayType.WEEKEND
    assert cal.day_type(date(2025, 7, 23)) is DayType.SCHOOL_HOLIDAY
    assert cal.day_type(date(2025, 8, 25)) is DayType.BANK_HOLIDAY  # late summer bank holiday
    assert cal.day_type(date(2025, 9, 10)) is DayType.CLOSURE
    assert cal.day_type(date(2025, 9, 11)) is DayType.SCHOOL_DAY
    assert not cal.school_open("S1", date(2025, 9, 11))
    assert cal.school_open("S2", date(2025, 9, 11))


def test_published_dates_replace_the_generator() -> None:
    cal = SchoolCalendar((TermPeriod("Only", date(2025, 8, 4), date(2025, 8, 8)),))
    assert cal.day_type(date(2025, 8, 4)) is DayType.SCHOOL_DAY
    assert cal.day_type(date(2025, 7, 7)) is DayType.SCHOOL_HOLIDAY


def test_shift_times_are_timezone_aware_and_dst_real() -> None:
    early = ShiftType("E", "early", time(7), time(15))
    start, _ = early.interval(date(2025, 7, 7))
    assert start.isoformat() == "2025-07-07T07:00:00+01:00"
    assert early.interval(date(2025, 11, 3))[0].isoformat() == "2025-11-03T07:00:00+00:00"
    night = ShiftType("N", "night", time(22), time(6))
    assert night.minutes(date(2025, 10, 25)) == 9 * 60  # clocks go back overnight
    assert night.minutes(date(2025, 3, 29)) == 7 * 60  # clocks go forward overnight
