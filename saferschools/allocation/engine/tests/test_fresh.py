"""A fresh district: greedy start made good, HiGHS proves the bound; never worse than greedy."""

from __future__ import annotations

import math
import random

import pytest

from saferschools.allocation.engine import (
    PatchProblem,
    PlanSettings,
    School,
    best_base,
    greedy_patches,
    solve_patches,
)
from saferschools.allocation.engine.assignment import Patch, tolerance_band
from saferschools.allocation.engine.fresh import improve, measure
from saferschools.allocation.engine.mip import DistrictProblem, solve_mip

from .factories import school


def district(seed: int, n: int = 24) -> tuple[list[School], list[float]]:
    """Schools in three towns with a spread of sizes (some much heavier than others)."""
    rng = random.Random(seed)
    towns = [(rng.uniform(0, 40), rng.uniform(0, 40)) for _ in range(3)]
    schools, work = [], []
    for i in range(n):
        x, y = towns[i % 3]
        schools.append(school(f"u{i:02d}", "D", x + rng.gauss(0, 3), y + rng.gauss(0, 3)))
        work.append(rng.choice([1.0, 1.5, 2.0, 2.5, 4.0]))
    return schools, work


def greedy(schools: list[School], work: list[float], k: int, tol: float) -> tuple[float, float]:
    """The greedy baseline's (workload outside the band, travel km)."""
    lo, hi = tolerance_band(sum(work), k, tol)
    outside = travel = 0.0
    for patch in greedy_patches(schools, work, k):
        load = sum(work[i] for i in patch)
        outside += max(0.0, load - hi) + max(0.0, lo - load)
        travel += best_base([schools[i] for i in patch])[1]
    return outside, travel


def outside_and_travel(
    result_patches: tuple[Patch, ...], band: tuple[float, float]
) -> tuple[float, float]:
    lo, hi = band
    outside = sum(max(0.0, p.workload - hi) + max(0.0, lo - p.workload) for p in result_patches)
    return outside, sum(p.travel_km for p in result_patches)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("hard", [True, False])
def test_out_of_time_is_never_worse_than_the_greedy_baseline(seed: int, hard: bool) -> None:
    schools, work = district(seed, n=18)
    k = 7
    settings = PlanSettings(workload_tolerance=0.25, tolerance_is_hard=hard)
    problem = PatchProblem("D", "Testdistrict", tuple(schools), tuple(work), k)
    result = solve_patches(problem, settings, 0.0)  # no time at all
    # A whole plan, "out of time, best so far" (or proven by construction), never "no solution".
    assert sorted(u for p in result.patches for u in p.schools) == sorted(s.urn for s in schools)
    assert len(result.patches) == k
    assert result.report.status in {"OUT_OF_TIME", "FEASIBLE", "OPTIMAL"}
    assert "no solution" not in result.report.outcome
    g_outside, g_travel = greedy(schools, work, k, 0.25)
    outside, travel = outside_and_travel(result.patches, result.band)
    # Less bending, or as little and no more travel.
    assert (round(outside, 6), round(travel, 6)) <= (round(g_outside, 6), round(g_travel, 6))
    given_time = solve_patches(problem, settings, 2.0)  # a little time: better, never worse
    t_outside, t_travel = outside_and_travel(given_time.patches, given_time.band)
    assert (round(t_outside, 6), round(t_travel, 6)) <= (round(outside, 6), round(travel, 6))


def test_local_search_meets_the_band_where_greedy_breaks_it() -> None:
    """Six schools on a line, three officers, each patch 2-4 points: greedy's last officer
    takes what is left; moves and swaps make every patch fit, then shorten travel."""
    work = [3000, 1000, 1000, 1000, 1000, 3000]
    dist = [[abs(i - j) * 1000 for j in range(6)] for i in range(6)]
    groups = [[0, 1, 2, 3], [4], [5]]  # loads 6, 1, 3: two patches outside 2-4
    before = measure([0, 0, 0, 0, 4, 5], dist, work, 2000, 4000, None)
    after = measure(improve(groups, dist, work, 2000, 4000, None), dist, work, 2000, 4000, None)
    assert before[1] > 0 and after[1] == 0


def test_a_starting_plan_does_not_stop_highs_at_that_plan() -> None:
    """HiGHS 1.16 maps a MIP start into its presolved model without the objective's offset
    and then stops with the start as "optimal" (objective 0). The start is given as a cutoff
    instead: the search still finds the optimum below it, and proves it."""
    dist = [
        [0, 4183, 5443, 2322, 5520, 2000],
        [4183, 0, 1260, 1900, 1400, 2300],
        [5443, 1260, 0, 3100, 1000, 3500],
        [2322, 1900, 3100, 0, 3200, 700],
        [5520, 1400, 1000, 3200, 0, 3800],
        [2000, 2300, 3500, 700, 3800, 0],
    ]
    work = [2551, 2147, 2306, 1034, 1636, 1672]
    cand = [list(range(6)) for _ in range(6)]
    problem = DistrictProblem(dist, work, 3, (2837, 4727), 6, cand)
    fresh = solve_mip(problem, None, 10.0, 0.0)
    started = solve_mip(problem, [0, 1, 2, 0, 2, 1], 10.0, 0.0)
    assert fresh.status == started.status == "OPTIMAL"
    assert started.objective == fresh.objective == started.bound == 4900.0
    # Started from the optimum itself: nothing better exists, so it is proven optimal.
    again = solve_mip(problem, list(fresh.base_of or ()), 10.0, 0.0)
    assert again.status == "OPTIMAL" and again.objective == again.bound == 4900.0


def test_a_band_that_must_bend_bends_least_and_travel_is_proven() -> None:
    """One school heavier than any officer may carry: the band bends by exactly that
    school's excess (no split can bend less), and travel is proven within the gap."""
    schools, work = district(3, n=15)
    work[0] = 12.0  # far above the band's top for 7 officers
    k = 7
    settings = PlanSettings(tolerance_is_hard=False)
    problem = PatchProblem("D", "Testdistrict", tuple(schools), tuple(work), k)
    result = solve_patches(problem, settings, 30.0)
    lo, hi = tolerance_band(sum(work), k, 0.25)
    assert result.outside_tolerance == pytest.approx(work[0] - hi, abs=2e-3)
    assert result.report.status in {"OPTIMAL", "FEASIBLE"}
    assert 0 < result.report.bound <= result.report.objective
    assert result.report.gap <= settings.relative_gap
    assert math.isclose(
        outside_and_travel(result.patches, result.band)[0], work[0] - hi, abs_tol=2e-3
    )


def test_more_time_starts_from_the_best_patches_so_far() -> None:
    schools, work = district(5, n=30)
    problem = PatchProblem("D", "Testdistrict", tuple(schools), tuple(work), 12)
    settings = PlanSettings(relative_gap=0.0)
    rushed = solve_patches(problem, settings, 0.0)
    more = solve_patches(problem, settings, 30.0, start=rushed)
    assert more.report.objective <= rushed.report.objective + 1e-9
    assert more.report.status == "OPTIMAL"
