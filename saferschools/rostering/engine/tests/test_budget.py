"""One overall time budget per solve and honest outcomes (never "no roster exists" on a timeout)."""

from datetime import timedelta

import pytest

from saferschools.rostering.engine.checker import check_document, count_violations
from saferschools.rostering.engine.domain import Absence, AbsenceReason
from saferschools.rostering.engine.solver import Reporter, SolveCancelled, solve
from saferschools.rostering.engine.synthetic import synthetic_kent_medway

from .helpers import TERM_MONDAY, document, make_instance


def test_too_little_time_reports_out_of_time_with_the_best_so_far() -> None:
    inst = synthetic_kent_medway(TERM_MONDAY, weeks=4)
    sol = solve(inst, time_limit_s=0.01)
    assert sol.stats.status == "UNKNOWN" and sol.out_of_time and not sol.feasible
    assert sol.stats.budget == 0.01
    # The best roster so far is kept (the greedy baseline here) and its breaks are counted.
    assert sol.assignments
    assert {s.best_so_far for s in sol.stats.subproblems} == {"greedy"}
    breaks = count_violations(check_document(document(sol)))
    assert sol.rule_breaks() == breaks
    text = sol.outcome()
    assert text.startswith("Out of time: no roster meeting every rule was found within 0 s")
    assert f"best so far has {breaks} rule break(s)" in text
    assert "No roster can meet" not in text and not sol.infeasibilities


def test_only_a_proof_says_no_roster_can_meet_every_rule() -> None:
    days = [TERM_MONDAY + timedelta(days=k) for k in range(7)]
    inst = make_instance(
        teams={"A": 1},
        sergeants=0,
        absences=tuple(Absence("A1", d, AbsenceReason.SICKNESS) for d in days[:2]),
    )
    sol = solve(inst, time_limit_s=10)
    assert sol.stats.status == "INFEASIBLE"
    assert sol.outcome().startswith("No roster can meet every rule (proved")
    assert sol.infeasibilities and sol.infeasibilities[0].rule == "rule_district_daily_cover"
    assert {s.best_so_far for s in sol.stats.subproblems} == {"relaxed"}


def test_feasible_outcome_states_the_gap_and_the_budget_is_shared() -> None:
    inst = make_instance(teams={"A": 3, "B": 2}, sergeants=2)
    sol = solve(inst, time_limit_s=6)
    assert sol.stats.status == "OPTIMAL" and sol.stats.budget == 6
    assert sol.outcome().startswith("Optimal roster (gap 0%)")
    # one budget: every subproblem together stays within it (loose bound for a shared machine)
    assert sum(s.seconds for s in sol.stats.subproblems) <= 6 + 1.5


def test_progress_fraction_and_cancel() -> None:
    inst = make_instance(teams={"A": 3, "B": 2}, sergeants=2)
    shares: list[float] = []
    sol = solve(inst, time_limit_s=6, reporter=Reporter(fraction=shares.append))
    assert sol.feasible and shares[-1] == 1.0 and shares == sorted(shares)
    with pytest.raises(SolveCancelled):
        solve(inst, time_limit_s=6, reporter=Reporter(should_stop=lambda: len(shares) > 0))
