"""The engine instance built from the database: officers, schools, calendar, availability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from saferschools.rostering import engine as E
from saferschools.rostering.instance import build_instance, db_calendar
from saferschools.rostering.models import (
    Absence,
    BankHoliday,
    Contract,
    SchoolClosure,
    SchoolYear,
    TermPeriod,
)
from saferschools.rostering.services import calendar_default_create, term_period_save

from .conftest import TERM_MONDAY


def test_instance_from_workforce_rows(force):
    built = build_instance(start=TERM_MONDAY, weeks=2)
    inst = built.instance
    assert inst.start == TERM_MONDAY and inst.end == TERM_MONDAY + dt.timedelta(days=13)
    assert {o.id for o in inst.constables()} == {o.collar_number for o in force.pcs}
    assert {o.id for o in inst.sergeants()} == {o.collar_number for o in force.sergeants}
    assert [d.id for d in inst.districts] == [force.district.code]
    assert inst.divisions == ("Test North",)
    named = {s.id: s.named_officer_id for s in inst.schools}
    assert named == {
        str(force.schools[0].urn): force.pcs[0].collar_number,
        str(force.schools[1].urn): force.pcs[1].collar_number,
    }
    assert [s.code for s in inst.shift_types] == ["E", "D", "L"]  # the data migration's rows


def test_team_instance_has_the_team_only(force):
    built = build_instance(start=TERM_MONDAY, weeks=1, sergeant=force.sergeants[0])
    assert {o.id for o in built.instance.officers} == {
        force.pcs[0].collar_number,
        force.pcs[1].collar_number,
    }
    assert not built.instance.sergeants()


def test_absences_contracts_and_part_time_default(force):
    pc1, pc2, pc3 = force.pcs
    Absence.objects.create(
        officer=pc1,
        start=TERM_MONDAY - dt.timedelta(days=2),
        end=TERM_MONDAY + dt.timedelta(days=1),
        reason="annual_leave",
    )
    Absence.objects.create(
        officer=pc2,
        start=TERM_MONDAY + dt.timedelta(days=3),
        end=TERM_MONDAY + dt.timedelta(days=3),
        reason="court",
        note="witness",
    )
    Contract.objects.create(officer=pc1, max_days_per_week=4, fixed_days_off=[4])
    pc3.hours_per_week = Decimal("24")
    pc3.save()
    inst = build_instance(start=TERM_MONDAY, weeks=1).instance
    days = {(a.officer_id, a.day): a for a in inst.absences}
    assert set(days) == {
        (pc1.collar_number, TERM_MONDAY),
        (pc1.collar_number, TERM_MONDAY + dt.timedelta(days=1)),
        (pc2.collar_number, TERM_MONDAY + dt.timedelta(days=3)),
    }
    assert days[pc2.collar_number, TERM_MONDAY + dt.timedelta(days=3)].counts_as_work
    c = {o.id: o.contract for o in inst.officers}
    assert c[pc1.collar_number] == E.Contract(max_days_per_week=4, fixed_days_off=frozenset({4}))
    assert c[pc3.collar_number] == E.Contract(max_days_per_week=3, max_hours_per_week=24.0)
    assert c[pc2.collar_number].is_full_time


def test_calendar_default_command_writes_the_standard_year_and_bank_holidays(db):
    call_command("calendar-default", "--year", "2026")
    year = SchoolYear.objects.get(academic_year=2026)
    assert [t.name for t in year.terms.all()] == [
        "Autumn 1 2026",
        "Autumn 2 2026",
        "Spring 1 2027",
        "Spring 2 2027",
        "Summer 1 2027",
        "Summer 2 2027",
    ]
    assert year.terms.first().start == dt.date(2026, 9, 2)  # first Wednesday of September
    assert BankHoliday.objects.filter(date=dt.date(2026, 12, 25)).exists()
    assert BankHoliday.objects.filter(date=dt.date(2027, 5, 31), name__icontains="spring").exists()
    call_command("calendar-default", "--year", "2026")  # idempotent
    assert TermPeriod.objects.filter(year=year).count() == 6


def test_published_term_dates_replace_the_standard_year(force):
    year = calendar_default_create(academic_year=2025, acting_user=force.users["inspector"])
    # the county ends the summer term on Friday 17 July 2026 instead of Wednesday 22 July
    term_period_save(
        year=year,
        name="Summer 2 2026",
        start=dt.date(2026, 6, 1),
        end=dt.date(2026, 7, 17),
        acting_user=force.users["inspector"],
    )
    cal = db_calendar(dt.date(2026, 7, 13), dt.date(2026, 7, 26))
    assert cal.day_type(dt.date(2026, 7, 17)) is E.DayType.SCHOOL_DAY
    assert cal.day_type(dt.date(2026, 7, 20)) is E.DayType.SCHOOL_HOLIDAY
    assert SchoolYear.objects.get(academic_year=2025).source == SchoolYear.Source.PUBLISHED


def test_without_saved_years_the_standard_calendar_and_bank_holidays_apply(db):
    notes: list[str] = []
    cal = db_calendar(dt.date(2026, 8, 24), dt.date(2026, 9, 6), notes)
    assert cal.day_type(dt.date(2026, 8, 31)) is E.DayType.BANK_HOLIDAY
    assert cal.day_type(dt.date(2026, 9, 2)) is E.DayType.SCHOOL_DAY
    assert any("standard English year used" in n for n in notes)


def test_closures_whole_force_and_one_school(force):
    day = TERM_MONDAY + dt.timedelta(days=2)
    SchoolClosure.objects.create(date=day, establishment=force.schools[0], reason="INSET day")
    SchoolClosure.objects.create(date=day + dt.timedelta(days=1), reason="Snow")
    cal = build_instance(start=TERM_MONDAY, weeks=1).instance.calendar
    assert not cal.school_open(str(force.schools[0].urn), day)
    assert cal.school_open(str(force.schools[1].urn), day)
    assert cal.day_type(day + dt.timedelta(days=1)) is E.DayType.CLOSURE


@pytest.mark.parametrize("weeks", [0])
def test_no_empty_horizon(force, weeks):
    with pytest.raises(ValueError):
        build_instance(start=TERM_MONDAY, weeks=weeks)
