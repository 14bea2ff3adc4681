"""Re-rostering after an absence: few changes, only the absent officer and their cover move."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from saferschools.rostering.engine.checker import check_document, count_violations
from saferschools.rostering.engine.domain import Absence, AbsenceReason, Instance
from saferschools.rostering.engine.reroster import NoticePolicy, _changes, reroster
from saferschools.rostering.engine.solver import Solution, solve

from .helpers import TERM_MONDAY, document, make_instance, roster

LONDON = ZoneInfo("Europe/London")
Published = tuple[Instance, Solution]


@pytest.fixture(scope="module")
def published() -> Published:
    inst = make_instance(days=14, teams={"A": 4, "B": 3}, sergeants=2)
    sol = solve(inst, time_limit_s=20)
    assert sol.feasible
    return inst, sol


def test_absence_changes_only_that_officer_and_their_cover(published: Published) -> None:
    inst, sol = published
    worked = sorted(
        a.day
        for a in sol.assignments
        if a.officer_id == "A1" and a.day >= TERM_MONDAY + timedelta(days=7)
    )
    sick_days = worked[:2]
    sick = tuple(Absence("A1", d, AbsenceReason.SICKNESS) for d in sick_days)
    updated = replace(inst, absences=inst.absences + sick)
    now = datetime.combine(TERM_MONDAY + timedelta(days=6), datetime.min.time(), LONDON).replace(
        hour=18
    )
    res = reroster(updated, sol, now, time_limit_s=20)
    assert res.solution.feasible
    doc = res.to_document()
    assert count_violations(check_document(document(res.solution))) == 0
    changed = {c.officer_id for c in res.changes}
    assert "A1" in changed
    assert changed <= {o.id for o in inst.constables("A")}, (
        "district B and the sergeants keep their roster"
    )
    a1 = [c for c in res.changes if c.officer_id == "A1"]
    assert sorted(c.day for c in a1) == sick_days and all(c.kind == "shift_removed" for c in a1)
    assert len(res.changes) <= 2 * len(sick_days) + 2
    # nothing before "now" moved
    assert all(c.day > now.date() for c in res.changes)
    # the absent officer's schools are reported without their named officer on the sick school days
    gaps = {(g.school_id, g.day) for g in res.new_school_gaps}
    for d in sick_days:
        if inst.calendar.school_open("S-A1-0", d):
            assert ("S-A1-0", d) in gaps
    assert doc["changes"] and doc["changes"][0]["officer"]
    for c in res.changes:
        if c.kind == "rest_day_cancelled":
            assert c.compensation in ("double time", "time and a half")


def test_no_change_needed_means_no_change(published: Published) -> None:
    inst, sol = published
    now = datetime(2025, 7, 6, 12, tzinfo=LONDON)
    res = reroster(inst, sol, now, time_limit_s=10)
    assert res.changes == ()
    assert res.solution.stats.status == "OPTIMAL"


def test_notice_flags_and_compensation() -> None:
    inst = make_instance(days=14, teams={"A": 3}, sergeants=0)
    before = roster(inst, {"A1": "D" * 5 + "--" + "D" * 5 + "--", "A2": "E-----E-----E-"})
    after_plan = {"A1": "D" * 5 + "--" + "D" * 5 + "-D", "A2": "D----EE-----E-"}
    after = roster(inst, after_plan)
    now = datetime(2025, 7, 7, 1, 0, tzinfo=LONDON)  # 6 hours before Monday's 07:00 early
    changes = {
        (c.officer_id, c.day): c
        for c in _changes(
            inst, {(a.officer_id, a.day): a for a in before.assignments}, after, now, NoticePolicy()
        )
    }
    start = changes["A2", date(2025, 7, 7)]
    assert start.kind == "start_time_changed" and "start_change_under_8h" in start.flags
    sat = changes["A2", date(2025, 7, 12)]
    assert (
        sat.kind == "rest_day_cancelled"
        and sat.notice_days == 5
        and sat.compensation == "double time"
    )
    sun = changes["A1", date(2025, 7, 20)]
    assert sun.notice_days == 13 and sun.compensation == "time and a half"
    assert ("A2", date(2025, 7, 13)) not in changes  # unchanged early


def test_now_must_be_timezone_aware(published: Published) -> None:
    inst, sol = published
    with pytest.raises(ValueError):
        reroster(inst, sol, datetime(2025, 7, 6, 12))
