"""The two-pass solve (one LP-heavy worker, then the portfolio) and the progress callback."""

from __future__ import annotations

from datetime import date

from ortools.sat.python import cp_model

from saferschools.rostering.engine import check_document, count_violations, solve
from saferschools.rostering.engine.solver import solve_model
from saferschools.rostering.engine.synthetic import synthetic_kent_medway


def test_synthetic_four_weeks_is_proved_optimal_quickly() -> None:
    inst = synthetic_kent_medway(date(2025, 7, 7), 4)
    lines: list[str] = []
    sol = solve(inst, time_limit_s=30, progress=lines.append)
    assert sol.stats.status == "OPTIMAL"
    assert sol.stats.gap == 0.0
    assert sol.stats.seconds < 20
    assert count_violations(check_document(sol.to_document())) == 0
    parts = len(sol.stats.subproblems)
    assert len(lines) == 2 * parts
    assert lines[0].startswith(f"[1/{parts}] district:") and "elapsed" in lines[-1]


def test_second_pass_keeps_the_better_roster_and_the_best_bound() -> None:
    """A model the first pass cannot finish in its share: the second pass starts from its hint."""
    m = cp_model.CpModel()
    xs = [m.new_int_var(0, 10, f"x{i}") for i in range(30)]
    for i in range(29):
        m.add(xs[i] + xs[i + 1] >= 7)
    m.minimize(sum(xs))
    solver, status, bound = solve_model(m, 5.0, 2, 0)
    assert status == cp_model.OPTIMAL
    assert solver.objective_value == bound == 105
