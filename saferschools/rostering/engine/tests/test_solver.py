"""Solver on small instances: known optima, brute force, infeasibility explained."""

import itertools
from datetime import date, timedelta
from typing import Any

from saferschools.rostering.engine.checker import check_document, count_violations, soft_measures
from saferschools.rostering.engine.domain import Absence, AbsenceReason, PenaltyWeights, Rules
from saferschools.rostering.engine.greedy import greedy_roster
from saferschools.rostering.engine.solver import Solution, explain_infeasibility, solve

from .helpers import HOLIDAY_MONDAY, TERM_MONDAY, document, make_instance, roster


def assert_clean(solution: Solution) -> dict[str, Any]:
    doc = document(solution)
    report = check_document(doc)
    assert count_violations(report) == 0, {k: v for k, v in report.items() if v}
    return doc


def test_two_officers_one_term_week_known_optimum() -> None:
    # Each works at most 5 days; both weekend days need cover, so at most 8 of the 10 named
    # school-days can be met: optimum = 2 misses x 10, with one weekend day each (spreads 0).
    rules = Rules(weekend_early_and_late=False)
    inst = make_instance(teams={"A": 2}, sergeants=0, rules=rules)
    sol = solve(inst, time_limit_s=10)
    assert sol.stats.status == "OPTIMAL"
    assert sol.stats.objective == 20 and sol.stats.bound == 20 and sol.stats.gap == 0
    assert sol.penalty_summary() == {"rule_named_officer_at_school": {"units": 2, "cost": 20}}
    doc = assert_clean(sol)
    assert soft_measures(doc)["cost"] == 20
    assert doc["solve"]["status"] == "OPTIMAL" and doc["solve"]["seconds"] >= 0


def test_brute_force_optimum_matches_solver() -> None:
    # Friday to Sunday, two constables, weekend early+late wanted: enumerate all 4^6 rosters.
    inst = make_instance(start=TERM_MONDAY + timedelta(days=4), days=3, teams={"A": 2}, sergeants=0)
    best: int | None = None
    for combo in itertools.product("-EDL", repeat=6):
        plan = {"A1": "".join(combo[:3]), "A2": "".join(combo[3:])}
        doc = document(roster(inst, plan))
        if count_violations(check_document(doc)) == 0:
            cost = soft_measures(doc)["cost"]
            best = cost if best is None else min(best, cost)
    sol = solve(inst, time_limit_s=10)
    assert sol.stats.status == "OPTIMAL"
    assert sol.stats.objective == best
    assert soft_measures(assert_clean(sol))["cost"] == best


def test_decomposition_gives_the_monolithic_optimum() -> None:
    inst = make_instance(days=7, teams={"A": 3, "B": 2}, sergeants=2)
    split = solve(inst, time_limit_s=20)
    whole = solve(inst, time_limit_s=20, decompose=False)
    assert split.stats.status == whole.stats.status == "OPTIMAL"
    assert split.stats.objective == whole.stats.objective
    assert [s.name for s in split.stats.subproblems] == ["district:A", "district:B", "sergeants"]
    assert_clean(split)


def test_holiday_fortnight_with_part_time_and_leave_meets_every_rule() -> None:
    from saferschools.rostering.engine.domain import Contract

    leave = tuple(Absence("A1", HOLIDAY_MONDAY + timedelta(days=k)) for k in range(5))
    court = (Absence("A2", HOLIDAY_MONDAY + timedelta(days=8), AbsenceReason.COURT),)
    inst = make_instance(
        start=HOLIDAY_MONDAY,
        days=14,
        teams={"A": 4},
        sergeants=2,
        absences=leave + court,
        contracts={"A4": Contract(max_days_per_week=3, fixed_days_off=frozenset({0}))},
    )
    sol = solve(inst, time_limit_s=20)
    assert sol.feasible
    doc = assert_clean(sol)
    assert {s["shift"] for s in doc["shifts"] if s["officer"] == "A4"} <= {"E", "D", "L"}
    assert not any(
        date.fromisoformat(s["date"]).weekday() == 0 for s in doc["shifts"] if s["officer"] == "A4"
    )


def test_infeasible_request_names_rule_and_day() -> None:
    # One constable, Monday to Wednesday, on leave on Tuesday: nobody can cover Tuesday.
    tuesday = TERM_MONDAY + timedelta(days=1)
    inst = make_instance(days=3, teams={"A": 1}, sergeants=0, absences=(Absence("A1", tuesday),))
    sol = solve(inst, time_limit_s=10)
    assert sol.stats.status == "INFEASIBLE" and not sol.feasible
    assert sol.infeasibilities, "an explanation is expected"
    first = sol.infeasibilities[0]
    assert first.day == tuesday
    assert {p.rule for p in sol.infeasibilities} == {
        "rule_district_daily_cover",
        "rule_school_hours_presence",
    }
    assert all(p.day == tuesday and p.subject == "A" for p in sol.infeasibilities)
    assert "rule_district_daily_cover cannot be met on 2025-07-08 for A" in first.message
    assert explain_infeasibility(inst) == list(sol.infeasibilities)
    assert document(sol)["infeasibilities"][0]["rule"] == "rule_district_daily_cover"


def test_infeasible_weekly_rest_versus_cover() -> None:
    inst = make_instance(days=7, teams={"A": 1}, sergeants=0)
    problems = explain_infeasibility(inst)
    # one officer cannot cover seven days and keep two rest days: exactly two units must bend
    assert sum(p.shortfall for p in problems) == 2
    assert {p.rule for p in problems} <= {
        "rule_weekly_rest",
        "rule_district_daily_cover",
        "rule_school_hours_presence",
    }


def test_weights_steer_the_soft_rules() -> None:
    rules = Rules(
        weights=PenaltyWeights(
            named_officer_absent=0, weekend_early_and_late=0, fairness_weekends=0, fairness_lates=0
        )
    )
    inst = make_instance(teams={"A": 2}, sergeants=0, rules=rules)
    sol = solve(inst, time_limit_s=10)
    assert sol.stats.objective == 0 and sol.stats.status == "OPTIMAL"


def test_greedy_baseline_produces_a_checkable_document() -> None:
    inst = make_instance(days=14, teams={"A": 3, "B": 5}, sergeants=2)
    doc = document(greedy_roster(inst))
    report = check_document(doc)
    assert set(report) >= {"rule_district_daily_cover", "rule_min_rest_between_shifts"}
    assert doc["solve"]["status"] == "GREEDY"
    assert not report["rule_min_rest_between_shifts"] and not report["rule_weekly_rest"]


def test_rolling_reference_windows_on_a_long_horizon_hold() -> None:
    # 19 weeks > the 17-week reference period: every rolling window is capped (running totals).
    rules = Rules(max_average_weekly_hours=30, weekend_early_and_late=False)
    inst = make_instance(days=7 * 19, teams={"A": 3}, sergeants=0, rules=rules)
    sol = solve(inst, time_limit_s=40)
    assert sol.feasible
    doc = assert_clean(sol)
    minutes = [
        sum(s["minutes"] for s in doc["shifts"] if s["officer"] == o and s["date"] < cut)
        for o in ("A1", "A2", "A3")
        for cut in [(inst.start + timedelta(days=119)).isoformat()]
    ]
    assert max(minutes) <= 30 * 60 * 17
