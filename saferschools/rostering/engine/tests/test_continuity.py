"""Continuity across rosters: carry-over keeps the rules across the boundary; fairness over the year."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from saferschools.rostering.engine.checker import (
    check_document,
    count_violations,
    fairness_counts,
    soft_measures,
)
from saferschools.rostering.engine.continuity import carry_over
from saferschools.rostering.engine.domain import DEFAULT_SHIFT_TYPES, CarryOver, Instance, Rules
from saferschools.rostering.engine.rules import RosterModel
from saferschools.rostering.engine.solver import Solution, SolveStats, solve

from .helpers import TERM_MONDAY, document, make_instance

WEEK2 = TERM_MONDAY + timedelta(days=7)


def _week(start: date) -> Instance:
    # A1 is the named officer of every school, so the solver wants A1 in school Monday-Friday.
    return make_instance(start=start, days=7, teams={"A": 3}, sergeants=0, no_school=("A2", "A3"))


def _first_week() -> Solution:
    """Week 1: A1 rests Monday and Tuesday and works Wednesday to Sunday (5 in a row)."""

    def a1_works_wed_to_sun(m: RosterModel) -> None:
        for i in range(7):
            m.model.add(m.on_duty("A1", i) == int(i >= 2))

    sol = solve(_week(TERM_MONDAY), time_limit_s=10, extra_rules=[a1_works_wed_to_sun])
    assert sol.feasible
    return sol


def _both(week1: Solution, week2: Solution) -> dict[str, Any]:
    """The two rosters as one two-week document, as the checker sees the boundary."""
    inst = make_instance(
        start=TERM_MONDAY, days=14, teams={"A": 3}, sergeants=0, no_school=("A2", "A3")
    )
    both = Solution(
        inst,
        week1.assignments + week2.assignments,
        SolveStats("HAND", None, None, None, 0.0),
    )
    return document(both)


def test_carry_over_keeps_max_consecutive_days_across_two_rosters() -> None:
    week1 = _first_week()
    carried = carry_over(["A1", "A2", "A3"], week1.assignments, (), WEEK2, DEFAULT_SHIFT_TYPES)
    a1 = next(c for c in carried if c.officer_id == "A1")
    assert a1.consecutive_days == 5 and a1.last_shift_end is not None

    # Ignoring the carry-over, week 2 on its own is a valid roster, yet A1 goes on working.
    blind = solve(_week(WEEK2), time_limit_s=10)
    assert blind.stats.status == "OPTIMAL"
    assert count_violations(check_document(document(blind))) == 0
    across = check_document(_both(week1, blind))
    assert [v.subject for v in across["rule_max_consecutive_days"]][:1] == ["A1"]

    # With the carry-over, the boundary holds: A1 rests on Monday or Tuesday.
    aware = solve(replace(_week(WEEK2), carry_over=carried), time_limit_s=10)
    assert aware.stats.status == "OPTIMAL"
    assert count_violations(check_document(document(aware))) == 0
    assert count_violations(check_document(_both(week1, aware))) == 0
    assert not (aware.shift_of("A1", WEEK2) and aware.shift_of("A1", WEEK2 + timedelta(days=1)))


def test_carry_over_keeps_eleven_hours_rest_and_rest_owed_mid_week() -> None:
    # The previous roster ended Sunday 22:00 (a late): an early on Monday would be 9 hours later.
    late_end = datetime(2025, 7, 13, 21, 0, tzinfo=UTC)  # 22:00 BST
    inst = make_instance(start=WEEK2, days=2, teams={"A": 2}, sergeants=0, no_school=("A2",))
    carried = (CarryOver("A1", consecutive_days=1, last_shift_end=late_end),)
    sol = solve(Instance(**{**inst.__dict__, "carry_over": carried}), time_limit_s=5)
    a1 = sol.shift_of("A1", WEEK2)
    assert a1 is None or a1.shift == "L"
    assert count_violations(check_document(document(sol))) == 0

    # A roster starting on Thursday whose officer worked Monday-Wednesday still owes two rest
    # days in the week: Thursday-Sunday may hold at most two working days.
    thursday = TERM_MONDAY + timedelta(days=3)
    inst = make_instance(start=thursday, days=4, teams={"A": 3}, sergeants=0)
    mid_week = tuple(
        CarryOver(o, consecutive_days=3, week_days_before=3, week_worked_before=3)
        for o in ("A1", "A2", "A3")
    )
    sol = solve(Instance(**{**inst.__dict__, "carry_over": mid_week}), time_limit_s=5)
    assert sol.feasible
    for o in ("A1", "A2", "A3"):
        assert sum(1 for a in sol.assignments if a.officer_id == o) <= 2
    doc = document(sol)
    assert count_violations(check_document(doc)) == 0


def test_fairness_counts_the_year_so_far() -> None:
    # A2 already worked 4 more weekend shifts this year than A1: this week's weekend goes to A1.
    rules = Rules(weekend_early_and_late=False)
    inst = make_instance(teams={"A": 2}, sergeants=0, rules=rules)
    carried = (CarryOver("A1", weekends=0), CarryOver("A2", weekends=4))
    sol = solve(Instance(**{**inst.__dict__, "carry_over": carried}), time_limit_s=10)
    assert sol.stats.status == "OPTIMAL"
    doc = document(sol)
    year = fairness_counts(doc)
    assert year["A1"]["this_roster_weekends"] == 2 and year["A2"]["this_roster_weekends"] == 0
    assert year["A2"]["weekends"] == 4
    measured = soft_measures(doc)
    assert measured["spreads"]["weekends"] == {"A:full_time": 2}
    assert measured["cost"] == sol.stats.objective
