"""Named-officer patches: exactness against brute force, and each rule firing or not."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from saferschools.allocation.engine import (
    InfeasibleToleranceError,
    PatchProblem,
    PlanSettings,
    School,
    attach_primaries,
    best_base,
    distance_km,
    greedy_patches,
    solve_patches,
)

from .factories import school


def partitions(items: list[int], k: int) -> Iterator[list[list[int]]]:
    """All ways to split ``items`` into exactly ``k`` non-empty unlabelled groups."""
    if not items:
        if k == 0:
            yield []
        return
    if k == 0:
        return
    first, rest = items[0], items[1:]
    for p in partitions(rest, k - 1):
        yield [[first], *p]
    for p in partitions(rest, k):
        for i in range(len(p)):
            yield [*p[:i], [first, *p[i]], *p[i + 1 :]]


def brute_force(schools: list[School], work: list[float], k: int, tol: float) -> float | None:
    mean = sum(work) / k
    lo, hi = mean * (1 - tol), mean * (1 + tol)
    best: float | None = None
    for groups in partitions(list(range(len(schools))), k):
        loads = [sum(work[i] for i in g) for g in groups]
        if any(load < lo - 1e-9 or load > hi + 1e-9 for load in loads):
            continue
        cost = sum(best_base([schools[i] for i in g])[1] for g in groups)
        best = cost if best is None else min(best, cost)
    return best


def problem(schools: list[School], work: list[float], k: int) -> PatchProblem:
    return PatchProblem("D", "Testdistrict", tuple(schools), tuple(work), k)


def test_partitions_counts_are_stirling_numbers() -> None:
    assert sum(1 for _ in partitions(list(range(7)), 3)) == 301
    assert sum(1 for _ in partitions(list(range(5)), 2)) == 15


@pytest.mark.parametrize("seed", range(8))
def test_cp_sat_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    n, k = 7, 3
    schools = [school(f"u{i}", "D", rng.uniform(0, 30), rng.uniform(0, 30)) for i in range(n)]
    work = [rng.choice([1.0, 1.5, 2.0, 3.0]) for _ in range(n)]
    tol = 0.35
    expected = brute_force(schools, work, k, tol)
    # Exact: no relative gap allowed (plans stop at 0.5% by default).
    settings = PlanSettings(workload_tolerance=tol, relative_gap=0.0)
    if expected is None:
        with pytest.raises(InfeasibleToleranceError):
            solve_patches(problem(schools, work, k), settings)
        return
    result = solve_patches(problem(schools, work, k), settings)
    assert result.report.status == "OPTIMAL" and result.report.gap == 0.0
    assert result.report.objective == pytest.approx(expected, abs=0.01)
    covered = sorted(u for p in result.patches for u in p.schools)
    assert covered == sorted(s.urn for s in schools)
    assert len(result.patches) == k


def _line() -> tuple[list[School], list[float]]:
    # Four schools on a line: two pairs 10 km apart; the far-left school is big.
    schools = [school("a", "D", 0, 0), school("b", "D", 1, 0)]
    schools += [school("c", "D", 10, 0), school("d", "D", 11, 0)]
    return schools, [3.0, 1.0, 1.0, 1.0]


def test_travel_rule_pairs_neighbours_when_workload_allows() -> None:
    schools, _ = _line()
    result = solve_patches(problem(schools, [1.0] * 4, 2), PlanSettings())
    assert {p.schools for p in result.patches} == {("a", "b"), ("c", "d")}
    assert result.report.objective == pytest.approx(2.0)


def test_workload_rule_fires_and_splits_differently() -> None:
    schools, work = _line()
    # Mean 3; pairs by distance give 4 and 2 - outside +/-25%, so the big school goes alone.
    result = solve_patches(problem(schools, work, 2), PlanSettings(workload_tolerance=0.25))
    assert {p.schools for p in result.patches} == {("a",), ("b", "c", "d")}
    assert sorted(p.workload for p in result.patches) == [3.0, 3.0]
    # Loose tolerance: the rule does not fire.
    loose = solve_patches(problem(schools, work, 2), PlanSettings(workload_tolerance=0.5))
    assert {p.schools for p in loose.patches} == {("a", "b"), ("c", "d")}


def test_one_big_school_makes_a_tight_tolerance_infeasible_and_says_so() -> None:
    schools = [school("big", "D", 0, 0), school("s1", "D", 1, 0), school("s2", "D", 2, 0)]
    with pytest.raises(InfeasibleToleranceError, match=r"School big \(big\) alone is 5.00"):
        solve_patches(problem(schools, [5.0, 0.5, 0.5], 2), PlanSettings())


def test_infeasible_tolerance_without_a_single_culprit_is_reported() -> None:
    schools = [school(f"u{i}", "D", i, 0) for i in range(3)]
    # Mean 3, +/-10%: loads must be 2.7..3.3 but only 2+2=4 / 2 or 2 / 4 are possible.
    with pytest.raises(InfeasibleToleranceError, match="Testdistrict.*10%"):
        solve_patches(problem(schools, [2.0, 2.0, 2.0], 2), PlanSettings(workload_tolerance=0.1))


def test_soft_tolerance_bends_and_reports_by_how_much() -> None:
    schools = [school("big", "D", 0, 0), school("s1", "D", 1, 0), school("s2", "D", 2, 0)]
    soft = PlanSettings(tolerance_is_hard=False)
    result = solve_patches(problem(schools, [5.0, 0.5, 0.5], 2), soft)
    # Mean 3, band 2.25..3.75: {big}=5 is 1.25 over, {s1,s2}=1 is 1.25 under.
    assert result.outside_tolerance == pytest.approx(2.5)


def test_stability_rule_keeps_previous_officers_unless_needed() -> None:
    schools, _ = _line()
    # Previously a,c were one officer's and b,d another's (a poor but valid plan).
    prev = {"a": "P1", "c": "P1", "b": "P2", "d": "P2"}
    stable = PatchProblem(
        "D", "Testdistrict", tuple(schools), (1.0,) * 4, 2, ("P1", "P2"), frozenset(), prev
    )
    result = solve_patches(stable, PlanSettings())
    assert result.changes == 0
    assert {p.officer: p.schools for p in result.patches} == {"P1": ("a", "c"), "P2": ("b", "d")}
    # With the big school a, the tolerance forces a to be alone: the fewest moves is 2.
    forced = PatchProblem(
        "D",
        "Testdistrict",
        tuple(schools),
        (3.0, 1.0, 1.0, 1.0),
        2,
        ("P1", "P2"),
        frozenset(),
        prev,
    )
    result = solve_patches(forced, PlanSettings())
    assert result.changes == 1  # c moves from P1 to P2; a stays with P1
    assert {p.officer: p.schools for p in result.patches} == {"P1": ("a",), "P2": ("b", "c", "d")}


def test_candidate_pruning_keeps_a_valid_plan() -> None:
    rng = random.Random(3)
    schools = [school(f"u{i}", "D", rng.uniform(0, 40), rng.uniform(0, 40)) for i in range(12)]
    exact = solve_patches(problem(schools, [1.0] * 12, 4), PlanSettings())
    pruned = solve_patches(problem(schools, [1.0] * 12, 4), PlanSettings(candidate_bases=5))
    assert pruned.report.objective >= exact.report.objective - 1e-6
    assert sorted(u for p in pruned.patches for u in p.schools) == sorted(s.urn for s in schools)


def test_greedy_baseline_covers_every_school_once() -> None:
    rng = random.Random(1)
    schools = [school(f"u{i}", "D", rng.uniform(0, 40), rng.uniform(0, 40)) for i in range(10)]
    patches = greedy_patches(schools, [1.0] * 10, 4)
    assert len(patches) == 4 and all(patches)
    assert sorted(i for p in patches for i in p) == list(range(10))


def test_primary_schools_go_to_the_nearest_secondary_officer() -> None:
    secondaries = [school("s1", "D", 0, 0), school("s2", "D", 10, 0)]
    primaries = [school("p1", "D", 2, 0), school("p2", "D", 7, 1)]
    out = attach_primaries(primaries, secondaries, {"s1": "O1", "s2": "O2"})
    assert out == {"p1": ("s1", "O1"), "p2": ("s2", "O2")}


def test_distance_is_bng_metres_over_1000() -> None:
    assert distance_km(school("a", "D", 0, 0), school("b", "D", 3, 4)) == pytest.approx(5.0)
