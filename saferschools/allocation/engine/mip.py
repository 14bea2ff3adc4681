"""The named-officer model of one district as a mixed-integer programme for HiGHS.

Same model as :mod:`.assignment` (capacitated p-median: every school one base, ``k`` bases,
each base serves itself, each patch's workload within the band, at most ``cap`` schools a
patch when the cap can hold), written as matrices. HiGHS's LP-based branch and cut proves the
bound. :func:`solve_mip` takes a plan already in hand as a *cutoff* (not as a MIP start: see
the comment where it is set) and stops at the relative gap asked for, so the plan can say
"within 1% of the proven best" instead of "feasible".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .highs import new_highs
from .highs import run as run_highs


@dataclass(frozen=True)
class MipResult:
    """``base_of[i]`` = index of the base school of school ``i`` (None: no solution)."""

    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, OUT_OF_TIME
    objective: float | None
    bound: float
    base_of: tuple[int, ...] | None
    timed_out: bool = False  # HiGHS stopped at its time limit (not at the gap asked for)


@dataclass(frozen=True)
class DistrictProblem:
    """One district's named-officer problem in integers: travel between schools (metres), each
    school's workload (milli-points), the officers to place, the band each patch's workload
    keeps, the most schools a patch may have (None: no limit), each school's candidate bases."""

    dist: Sequence[Sequence[int]]
    workload: Sequence[int]
    officers: int
    band: tuple[int, int]
    cap: int | None
    candidates: Sequence[Sequence[int]]


def solve_mip(
    problem: DistrictProblem,
    start: Sequence[int] | None,
    time_limit_s: float,
    relative_gap: float,
    soft: bool = False,
    deviation_cap: int | None = None,
) -> MipResult:
    """Solve one district (integers: metres and milli-points) with HiGHS.

    ``soft``: the workload band may bend; with ``deviation_cap`` the total bending is at most
    that (the least CP-SAT found) and travel is minimised, so the bound is a true travel
    bound; without it bending costs more than any travel (the bound is then not reported)."""
    import highspy as _highspy

    highspy: Any = _highspy
    dist, workload, officers = problem.dist, problem.workload, problem.officers
    band, cap, candidates = problem.band, problem.cap, problem.candidates
    n = len(workload)
    pairs = [(i, j) for i in range(n) for j in candidates[i]]
    col = {p: n + t for t, p in enumerate(pairs)}
    ncols = n + len(pairs)
    dev_over = {j: ncols + 2 * j for j in range(n)} if soft else {}
    dev_under = {j: ncols + 2 * j + 1 for j in range(n)} if soft else {}
    ncols += 2 * n if soft else 0
    heavy = float(sum(max(row) for row in dist) + 1)  # bending outweighs any travel
    h: Any = new_highs(time_limit_s=time_limit_s, mip_rel_gap=float(relative_gap))
    cost = np.zeros(ncols)
    for (i, j), c in col.items():
        cost[c] = dist[i][j]
    upper_bounds = np.ones(ncols)
    integral = np.ones(ncols, dtype=np.uint8)
    for c in [*dev_over.values(), *dev_under.values()]:
        upper_bounds[c] = float(sum(workload))
        integral[c] = 0
        if deviation_cap is None:
            cost[c] = heavy
    h.addVars(ncols, np.zeros(ncols), upper_bounds)
    h.changeColsCost(ncols, np.arange(ncols, dtype=np.int32), cost)
    h.changeColsIntegrality(ncols, np.arange(ncols, dtype=np.int32), integral)
    lower: list[float] = []
    upper: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []

    def row(lo: float, hi: float, entries: list[tuple[int, float]]) -> None:
        lower.append(lo)
        upper.append(hi)
        starts.append(len(index))
        for c, v in entries:
            index.append(c)
            value.append(v)

    inf = highspy.kHighsInf
    served_by: dict[int, list[int]] = {j: [] for j in range(n)}
    for i, j in pairs:
        served_by[j].append(i)
    for i in range(n):
        row(1, 1, [(col[i, j], 1.0) for j in candidates[i]])
    for i, j in pairs:
        if i == j:
            row(0, 0, [(col[i, j], 1.0), (j, -1.0)])  # a base serves itself
        else:
            row(-inf, 0, [(col[i, j], 1.0), (j, -1.0)])
    row(officers, officers, [(j, 1.0) for j in range(n)])
    lo, hi = band
    for j in range(n):
        load = [(col[i, j], float(workload[i])) for i in served_by[j]]
        if soft:
            row(-inf, 0, [*load, (dev_over[j], -1.0), (j, -float(hi))])
            row(0, inf, [*load, (dev_under[j], 1.0), (j, -float(lo))])
        else:
            row(-inf, 0, [*load, (j, -float(hi))])
            row(0, inf, [*load, (j, -float(lo))])
        if cap is not None:
            row(-inf, 0, [*((col[i, j], 1.0) for i in served_by[j]), (j, -float(cap))])
    if soft and deviation_cap is not None:
        row(
            -inf,
            float(deviation_cap) + 1e-6,
            [(c, 1.0) for c in [*dev_over.values(), *dev_under.values()]],
        )
    h.addRows(
        len(lower),
        np.array(lower),
        np.array(upper),
        len(index),
        np.array(starts, dtype=np.int32),
        np.array(index, dtype=np.int32),
        np.array(value),
    )
    cutoff: float | None = None
    if start is not None:
        # Not a MIP start: HiGHS 1.16 maps a start into its presolved model without the
        # objective's offset ("MIP start solution is feasible in the reduced space: objective
        # value is 0"), then takes it as optimal and stops with it. The start's objective is
        # given as a cutoff instead: only plans better than it by more than the gap asked for
        # are searched, and a search that finds none proves the start within that gap.
        x0 = np.zeros(ncols)
        for i, j in enumerate(start):
            x0[j] = 1.0
            if (i, j) in col:
                x0[col[i, j]] = 1.0
        if soft:
            for j in set(start):
                load_j = sum(workload[i] for i, b in enumerate(start) if b == j)
                x0[dev_over[j]] = max(0.0, load_j - hi)
                x0[dev_under[j]] = max(0.0, lo - load_j)
        # (+1: an integral objective may be cut one metre below the cutoff)
        cutoff = float(cost @ x0) * (1.0 - relative_gap) + (1.0 if relative_gap > 0 else 0.0)
        h.setOptionValue("objective_bound", cutoff)
    status = run_highs(h)
    info = h.getInfo()
    bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else 0.0
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    timed_out = status == highspy.HighsModelStatus.kTimeLimit
    found = float(info.objective_function_value) if has_solution else float("inf")
    if cutoff is not None and start is not None and found >= cutoff - 1e-6:
        # Nothing better than the cutoff. HiGHS 1.16 then says "infeasible", or "optimal" with
        # a plan of its own above the cutoff (and that plan's value as its "bound"): either way
        # a finished search proves the start within the gap (optimal at gap 0). A search cut
        # short proves the least of its open nodes' bounds and the cutoff.
        travel = float(sum(dist[i][start[i]] for i in range(n)))
        if soft and deviation_cap is None:
            return MipResult("FEASIBLE", travel, 0.0, tuple(start), timed_out)
        finished = status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kOptimal,
        )
        if finished and relative_gap <= 0:
            return MipResult("OPTIMAL", travel, travel, tuple(start))
        proven = cutoff - 1.0 if finished else min(bound, cutoff - 1.0)
        return MipResult("FEASIBLE", travel, max(0.0, min(proven, travel)), tuple(start), timed_out)
    if status == highspy.HighsModelStatus.kInfeasible:
        return MipResult("INFEASIBLE", None, bound, None)
    if not has_solution:
        return MipResult("OUT_OF_TIME", None, max(0.0, bound), None, True)
    x = h.getSolution().col_value
    base_of = []
    for i in range(n):
        base_of.append(max(candidates[i], key=lambda j: x[col[i, j]]))
    objective = float(sum(dist[i][base_of[i]] for i in range(n)))  # travel only
    optimal = status == highspy.HighsModelStatus.kOptimal
    if soft and deviation_cap is None:
        bound = 0.0  # the weighted objective's bound is not a travel bound
    return MipResult(
        "OPTIMAL" if optimal and info.mip_gap <= 1e-9 and bound > 0 else "FEASIBLE",
        objective,
        max(0.0, min(bound, objective)),
        tuple(base_of),
        timed_out,
    )
