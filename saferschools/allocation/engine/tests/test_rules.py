"""A force's planning rules: pins, minimums, maximums, sergeants and the school cap. A rule that
cannot hold is reported with by how much, never silently broken."""

from __future__ import annotations

from datetime import date

import pytest

from saferschools.allocation.engine import (
    District,
    InfeasibleApportionmentError,
    Instance,
    InvalidInputError,
    Lsoa,
    Penalty,
    PlanSettings,
    Redeployment,
    Solution,
    plan,
    redeploy,
)
from saferschools.allocation.engine.breaks import place_sergeants_by_rules
from saferschools.allocation.engine.rules import (
    RULE_DISTRICT_MINIMUM,
    RULE_OVERLOAD,
    RULE_SCHOOL_CAP,
    RULE_SPAN,
    RULE_SUPERVISION,
    PlanningRules,
    supervision_minimum,
)
from saferschools.rostering.engine.domain import Rules as RosterRules

from .factories import school, two_district_instance


def penalty(solution: Solution, rule: str) -> Penalty | None:
    return next((p for p in solution.penalties if p.rule == rule), None)


def test_seven_day_supervision_follows_the_rostering_rules() -> None:
    # Police Regulations' two rest days a week (the rostering engine's default) leave five
    # working days: one sergeant cannot cover seven, two can.
    assert RosterRules().rest_days_per_week == 2
    assert supervision_minimum() == 2
    assert supervision_minimum(3) == 2  # 4 working days: 2 x 4 >= 7
    assert supervision_minimum(4) == 3  # 3 working days: 3 x 3 >= 7, 2 x 3 < 7


def test_west_kent_cannot_get_fewer_sergeants_than_seven_day_supervision_needs() -> None:
    # The default plan's figures: North 29, East 24, West 17 constables. Apportioning 6
    # sergeants by constables alone gives West one sergeant for 17 constables, who cannot
    # supervise seven days a week.
    constables = {"North": 29, "East": 24, "West": 17}
    placed, breaks, _ = place_sergeants_by_rules(constables, 6, "webster", PlanningRules())
    got = {s.division: s.sergeants for s in placed}
    assert got == {"North": 2, "East": 2, "West": 2}
    assert breaks == [] or all(b.rule == RULE_SPAN for b in breaks)
    # With only five sergeants someone is short: the plan says who and by how much.
    placed, breaks, _ = place_sergeants_by_rules(constables, 5, "webster", PlanningRules())
    short = next(b for b in breaks if b.rule == RULE_SUPERVISION)
    assert short.amount == 1
    lacking = [s for s in placed if s.sergeants < 2]
    assert len(lacking) == 1
    assert short.details[0].startswith(f"{lacking[0].division}: 1 sergeant(s)")
    assert "short by 1" in short.details[0]


def test_span_of_control_adds_sergeants_where_they_are_needed() -> None:
    placed, breaks, _ = place_sergeants_by_rules(
        {"A": 30, "B": 6}, 5, "webster", PlanningRules(max_span=10)
    )
    assert {s.division: s.sergeants for s in placed} == {"A": 3, "B": 2}
    assert breaks == []
    placed, breaks, _ = place_sergeants_by_rules(
        {"A": 30, "B": 6}, 4, "webster", PlanningRules(max_span=10)
    )
    span = next(b for b in breaks if b.rule == RULE_SPAN)
    assert span.amount == 1 and "A: span of control 15.0" in span.details[0]


def test_pinned_district_keeps_exactly_n_and_minimums_hold() -> None:
    inst = two_district_instance(constables=5)
    free = plan(inst, PlanSettings(workload_tolerance=1.0))
    counts = {d.code: d.officers for d in free.districts}
    pin = {"S": counts["S"] + 1}
    pinned = plan(inst, PlanSettings(workload_tolerance=1.0, rules=PlanningRules(pinned=pin)))
    got = {d.code: d.officers for d in pinned.districts}
    assert got["S"] == counts["S"] + 1 and sum(got.values()) == 5
    assert "pin it at" in next(d for d in pinned.districts if d.code == "S").sentence
    floor = plan(
        inst,
        PlanSettings(workload_tolerance=1.0, rules=PlanningRules(min_constables={"N": 4})),
    )
    assert {d.code: d.officers for d in floor.districts}["N"] >= 4


def test_pins_that_cannot_hold_say_by_how_much() -> None:
    inst = two_district_instance(constables=5)
    with pytest.raises(InfeasibleApportionmentError, match="only 3 schools: 1 would"):
        plan(inst, PlanSettings(rules=PlanningRules(pinned={"S": 4})))
    with pytest.raises(InfeasibleApportionmentError, match="1 too few"):
        plan(inst, PlanSettings(rules=PlanningRules(pinned={"S": 3, "N": 3})))
    with pytest.raises(InvalidInputError, match="E99"):
        plan(inst, PlanSettings(rules=PlanningRules(pinned={"E99": 1})))


def test_a_minimum_that_cannot_hold_is_reported_with_its_size() -> None:
    inst = two_district_instance(constables=4)
    sol = plan(
        inst,
        PlanSettings(workload_tolerance=1.0, rules=PlanningRules(min_constables={"N": 4, "S": 2})),
    )
    got = {d.code: d.officers for d in sol.districts}
    short = penalty(sol, RULE_DISTRICT_MINIMUM)
    wanted = 6
    assert short is not None and short.amount == wanted - sum(got.values()) == 2
    assert any("by" in d for d in short.details)


def test_a_plan_breaking_the_school_cap_reports_the_break_and_its_size() -> None:
    # 9 schools, 1 constable per district and a cap of 2: the cap cannot hold.
    inst = two_district_instance(constables=2)
    sol = plan(inst, PlanSettings(workload_tolerance=5.0, max_schools_per_officer=2))
    cap = penalty(sol, RULE_SCHOOL_CAP)
    assert cap is not None
    sizes = {p.officer: len(p.schools) for p in sol.officers}
    assert cap.amount == sum(n - 2 for n in sizes.values() if n > 2) == 9 - 4
    assert any("6 schools, 4 over the cap of 2" in d for d in cap.details)
    assert any("cap of 2" in w for w in sol.warnings)


def test_the_cap_holds_when_it_can() -> None:
    inst = two_district_instance(constables=4)
    sol = plan(inst, PlanSettings(workload_tolerance=5.0, max_schools_per_officer=3))
    assert all(len(p.schools) <= 3 for p in sol.officers)
    assert penalty(sol, RULE_SCHOOL_CAP) is None


def test_overload_after_a_redeployment_is_not_hidden() -> None:
    # Two districts of six schools; taking every officer of one leaves the other's officers
    # with all twelve: within their own (new) district band, but far above the force's mean.
    districts = (District("A", "Aston", "D"), District("B", "Brook", "D"))
    schools = tuple(school(f"a{i}", "A", i, 0) for i in range(6)) + tuple(
        school(f"b{i}", "B", i, 10) for i in range(6)
    )
    lsoas = (Lsoa("LA", "A", 100, 100), Lsoa("LB", "B", 100, 100))
    inst = Instance(districts, schools, 6, 2, lsoas)
    sol = plan(inst, PlanSettings(workload_tolerance=0.5))
    gone = tuple(p.officer for p in sol.officers if p.district == "B")
    out = redeploy(sol, inst, Redeployment(date(2025, 9, 1), date(2025, 9, 30), gone))
    over = penalty(out.plan, RULE_OVERLOAD)
    assert over is not None and over.amount > 0
    assert all("against a force mean" in d for d in over.details)
    cap = penalty(out.plan, RULE_SCHOOL_CAP)
    per = [len(p.schools) for p in out.plan.officers]
    assert sum(per) == 12
    if max(per) > 6:
        assert cap is not None and cap.amount == sum(n - 6 for n in per if n > 6)


def test_a_solve_given_too_little_time_reports_out_of_time_best_so_far() -> None:
    from .test_calibrate import varied_force

    inst = varied_force(constables=30)
    sol = plan(inst, PlanSettings(time_limit_s=0.0, workload_tolerance=1.0))
    assert sol.report.status == "OUT_OF_TIME"
    assert sol.report.outcome.startswith("out of time, best so far")
    assert "no solution" not in sol.report.outcome
    # Still a whole plan: every school has exactly one named officer, the best found so far.
    assert set(sol.assignment) == {s.urn for s in inst.schools}
    assert sum(d.officers for d in sol.districts) == 30
    assert sol.report.objective >= sol.report.bound >= 0
    given_time = plan(inst, PlanSettings(time_limit_s=30, workload_tolerance=1.0))
    assert given_time.report.status in {"OPTIMAL", "FEASIBLE"}
    assert given_time.report.gap <= 0.01
