"""One test per rule: the independent checker fires on a hand-built roster that breaks it, and
stays quiet on a near-miss that keeps it."""

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from saferschools.rostering.engine.checker import (
    HARD_RULE_NAMES,
    Violation,
    check_document,
    soft_measures,
)
from saferschools.rostering.engine.domain import Absence, AbsenceReason, Contract, Rules

from .helpers import HOLIDAY_MONDAY, TERM_MONDAY, document, make_instance, roster

# A compliant term week (Mon-Sun) for district A (A1-A3) and two sergeants.
BASE = {
    "A1": "DDDDD--",
    "A2": "DD---EE",
    "A3": "--DD-LL",
    "G1": "DDDDD--",
    "G2": "-----DD",
}


def violations(plan: dict[str, str], **kwargs: Any) -> dict[str, list[Violation]]:
    inst = make_instance(sergeants=2, **kwargs)
    return check_document(document(roster(inst, plan)))


def test_base_roster_meets_every_rule() -> None:
    report = violations(BASE)
    assert set(report) == set(HARD_RULE_NAMES)
    assert all(v == [] for v in report.values()), report


def fires(
    rule: str, plan: dict[str, str], subject: str | None = None, **kwargs: Any
) -> list[Violation]:
    hits = violations({**BASE, **plan}, **kwargs)[rule]
    return [v for v in hits if subject is None or v.subject == subject]


def test_min_rest_between_shifts() -> None:
    hit = fires("rule_min_rest_between_shifts", {"A3": "--DDLE-"})  # late then early: 9h
    assert [v.date for v in hit] == ["2025-07-12"]
    assert not fires("rule_min_rest_between_shifts", {"A3": "--DDLL-"})
    assert fires("rule_min_rest_between_shifts", {"A3": "--DDLD-"})  # late then day: 10h
    assert not fires("rule_min_rest_between_shifts", {"A3": "--DDDE-"})  # day then early: 15h


def test_weekly_rest() -> None:
    hit = fires("rule_weekly_rest", {"A1": "DDDDDE-"})  # one rest day only
    assert [(v.date, v.subject) for v in hit] == [("2025-07-07", "A1")]
    assert not fires("rule_weekly_rest", {"A1": "DDDD-E-"})
    # rest days per week is a parameter
    assert not fires("rule_weekly_rest", {"A1": "DDDDDE-"}, rules=Rules(rest_days_per_week=1))


def test_max_consecutive_days() -> None:
    rules = Rules(max_consecutive_days=3)
    hit = fires("rule_max_consecutive_days", {"A1": "DDDD---"}, "A1", rules=rules)
    assert [v.date for v in hit] == ["2025-07-10"]
    assert not fires("rule_max_consecutive_days", {"A1": "DDD-D--"}, "A1", rules=rules)


def test_max_consecutive_days_counts_training_as_work() -> None:
    rules = Rules(max_consecutive_days=3)
    training = (Absence("A1", TERM_MONDAY + timedelta(days=3), AbsenceReason.TRAINING),)
    assert fires(
        "rule_max_consecutive_days", {"A1": "DDD----"}, "A1", rules=rules, absences=training
    )
    leave = (Absence("A1", TERM_MONDAY + timedelta(days=3), AbsenceReason.ANNUAL_LEAVE),)
    assert not fires(
        "rule_max_consecutive_days", {"A1": "DDD----"}, "A1", rules=rules, absences=leave
    )


def test_reference_period_hours_pro_rata() -> None:
    rules = Rules(max_average_weekly_hours=30)  # one week: cap 30h
    assert fires("rule_reference_period_hours", {"A1": "DDDD---"}, "A1", rules=rules)  # 32h
    assert not fires("rule_reference_period_hours", {"A1": "DDD----"}, "A1", rules=rules)  # 24h


def test_part_time_pattern() -> None:
    pt = {"A1": Contract(max_days_per_week=3)}
    assert fires("rule_part_time_pattern", {"A1": "DDDD---"}, contracts=pt)
    assert not fires("rule_part_time_pattern", {"A1": "DDD----"}, contracts=pt)
    monday_off = {"A1": Contract(fixed_days_off=frozenset({0}))}
    assert [
        v.date for v in fires("rule_part_time_pattern", {"A1": "DDDD---"}, contracts=monday_off)
    ] == ["2025-07-07"]
    assert not fires("rule_part_time_pattern", {"A1": "-DDDD--"}, contracts=monday_off)
    hours = {"A1": Contract(max_hours_per_week=20)}
    assert fires("rule_part_time_pattern", {"A1": "DDD----"}, contracts=hours)
    assert not fires("rule_part_time_pattern", {"A1": "DD-----"}, contracts=hours)


def test_district_daily_cover() -> None:
    hit = fires("rule_district_daily_cover", {"A2": "DD----E", "A3": "--DD--L"})  # Saturday empty
    assert [(v.date, v.subject) for v in hit] == [("2025-07-12", "A")]
    assert not fires("rule_district_daily_cover", {"A2": "DD---E-", "A3": "--DD--L"})


def test_school_hours_presence() -> None:
    hit = fires(
        "rule_school_hours_presence", {"A1": "EDDDD--", "A2": "ED---EE"}
    )  # Monday: no day shift
    assert [v.date for v in hit] == ["2025-07-07"]
    assert not fires("rule_school_hours_presence", {"A1": "EDDDD--"})


def test_school_hours_presence_ignores_inset_closures() -> None:
    from saferschools.rostering.engine.school_calendar import Closure

    inst = make_instance(sergeants=2)
    closed = [Closure(TERM_MONDAY, s.id, "INSET") for s in inst.schools]
    inst = replace(inst, calendar=inst.calendar.with_closures(closed))
    plan = {**BASE, "A1": "EDDDD--", "A2": "ED---EE"}
    assert not check_document(document(roster(inst, plan)))["rule_school_hours_presence"]


def test_named_officer_most_school_days() -> None:
    hit = fires("rule_named_officer_most_school_days", {"A2": "DE---EE"})  # 1 of 5 school days
    assert [v.subject for v in hit] == ["A2"]
    assert not fires("rule_named_officer_most_school_days", {"A2": "DD---EE"})
    # leave shrinks the available school days: 1 of 3 available days is enough (floor(1.5))
    leave = tuple(Absence("A2", TERM_MONDAY + timedelta(days=k)) for k in (2, 3))
    assert not fires("rule_named_officer_most_school_days", {"A2": "DE---EE"}, absences=leave)


def test_holiday_youth_cover() -> None:
    holiday = {"A1": "EEEEE--", "A2": "EE---EE", "A3": "--EE-LL", "G1": "DDDDD--", "G2": "-----DD"}
    hit = violations(holiday, start=HOLIDAY_MONDAY)["rule_holiday_youth_cover"]
    assert [v.date for v in hit] == [str(HOLIDAY_MONDAY + timedelta(days=k)) for k in range(5)]
    assert not violations({**holiday, "A1": "DDDDD--", "A2": "DD---DD"}, start=HOLIDAY_MONDAY)[
        "rule_holiday_youth_cover"
    ]
    assert not violations(holiday)["rule_holiday_youth_cover"]  # in term it does not apply


def test_sergeant_division_cover() -> None:
    hit = fires("rule_sergeant_division_cover", {"G2": "------D"})
    assert [(v.date, v.subject) for v in hit] == [("2025-07-12", "N")]
    assert not fires("rule_sergeant_division_cover", {"G2": "-----DD"})


def test_availability_and_one_shift_per_day() -> None:
    leave = (Absence("A1", TERM_MONDAY, AbsenceReason.COURT),)
    assert [v.date for v in fires("rule_availability", {}, absences=leave)] == ["2025-07-07"]
    assert not fires("rule_availability", {"A1": "-DDDD--", "A2": "DD---EE"}, absences=leave)
    inst = make_instance(sergeants=2)
    doc = document(roster(inst, BASE))
    doc["shifts"].append(dict(doc["shifts"][0], shift="L"))
    doc["shifts"][-1]["start"] = doc["shifts"][-1]["start"].replace("08:00", "14:00")
    doc["shifts"][-1]["end"] = doc["shifts"][-1]["end"].replace("16:00", "22:00")
    report = check_document(doc)
    assert report["rule_one_shift_per_day"] and report["rule_min_rest_between_shifts"]


def test_document_integrity() -> None:
    inst = make_instance(sergeants=2)
    doc = document(roster(inst, BASE))
    assert not check_document(doc)["rule_document_integrity"]
    doc["shifts"][0]["district"] = "Z"
    doc["shifts"][1]["start"] = doc["shifts"][1]["start"].replace("08:00", "09:00")
    assert len(check_document(doc)["rule_document_integrity"]) == 2


@pytest.mark.parametrize(
    ("plan", "rule", "units"),
    [
        ({}, "rule_named_officer_at_school", 15 - 5 - 2 - 2),  # 3 schools x 5 days - D shifts
        ({}, "rule_weekend_early_and_late", 0),
        ({"A3": "--DD-EE"}, "rule_weekend_early_and_late", 2),  # no late Sat/Sun
        ({}, "rule_fair_weekends", 4),  # constables A1 0 / A2 2 / A3 2; sergeants G1 0 / G2 2
        ({}, "rule_fair_lates", 2),
    ],
)
def test_soft_measures(plan: dict[str, str], rule: str, units: int) -> None:
    inst = make_instance(sergeants=2)
    assert soft_measures(document(roster(inst, {**BASE, **plan})))["units"][rule] == units


def test_sergeant_outside_home_division_is_measured() -> None:
    inst = make_instance(sergeants=2)
    sol = roster(inst, BASE)
    doc = document(sol)
    doc["shifts"][-1]["division"] = "S"
    doc["districts"].append({"id": "Z", "name": "Z", "division": "S"})
    assert soft_measures(doc)["units"]["rule_sergeant_home_division"] == 1
