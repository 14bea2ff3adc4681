"""Forces planned in parallel within one budget; a national total shared by demand."""

from __future__ import annotations

from dataclasses import replace

from saferschools.allocation.engine import PlanSettings
from saferschools.allocation.engine.national import (
    force_minimum,
    plan_forces,
    share_national_total,
)

from .test_calibrate import varied_force


def test_forces_are_planned_in_parallel_with_progress_and_one_report() -> None:
    a = varied_force(constables=30, seed=1)
    b = varied_force(constables=25, seed=2)
    empty = replace(a, schools=(), districts=(), constables=0)
    seen: list[tuple[int, int, str]] = []
    report = plan_forces(
        {"Force A": a, "Force B": b, "Empty": empty},
        PlanSettings(workload_tolerance=1.0),
        budget_s=60,
        workers=2,
        progress=lambda done, total, msg: seen.append((done, total, msg)),
    )
    assert [d for d, _, _ in seen] == [1, 2, 3] and all(t == 3 for _, t, _ in seen)
    by = {f.force: f for f in report.forces}
    assert by["Empty"].status == "NOTHING_TO_PLAN"
    for name in ("Force A", "Force B"):
        assert by[name].status in {"OPTIMAL", "FEASIBLE"} and by[name].gap <= 0.01
        assert by[name].objective >= by[name].bound > 0
    doc = report.to_dict()
    assert doc["forces_within_1pct"] == 3 and not doc["failed"]
    assert doc["constables"] == 55


def test_a_national_total_is_shared_by_demand_above_each_forces_minimum() -> None:
    forces = {"A": varied_force(seed=1), "B": varied_force(seed=2), "C": varied_force(seed=3)}
    settings = PlanSettings()
    got = share_national_total(forces, 100, settings)
    assert sum(got.values()) == 100
    for name, inst in forces.items():
        assert got[name] >= force_minimum(inst, settings.max_schools_per_officer)


def test_forces_out_of_time_are_never_worse_than_greedy_nor_said_to_have_no_plan() -> None:
    """No time at all: every force still gets a whole plan, the greedy baseline made good
    ("out of time, best so far"), never worse than greedy measured in the same run, never an
    error and never "no solution"."""
    forces = {"A": varied_force(constables=30, seed=1), "B": varied_force(constables=25, seed=4)}
    report = plan_forces(forces, PlanSettings(), budget_s=0.0, workers=1, keep_plans=True)
    doc = report.to_dict(with_plans=True)
    assert not doc["failed"]
    for f in report.forces:
        assert f.status in {"OUT_OF_TIME", "OPTIMAL"} and not f.error
        assert "no solution" not in f.outcome and "infeasible" not in f.outcome.lower()
        assert f.solution is not None
        assert len(f.solution["schools"]) == f.schools
        ours = (round(f.outside, 3), round(f.objective, 3))
        assert ours <= (round(f.greedy_outside, 3), round(f.greedy_km, 3))
    assert doc["greedy_km"] > 0 and doc["objective_km"] > 0
