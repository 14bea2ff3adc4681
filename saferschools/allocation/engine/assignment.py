"""Named officers: splitting a district's schools into one patch per officer.

Model (a *capacitated p-median*, one district at a time because officers serve one district;
a fresh plan's districts are solved by :mod:`.fresh` - greedy start made good, HiGHS proves the
bound - and a re-plan's, which must keep today's officers where it can, with CP-SAT):

* every school has exactly one named officer;
* each officer's patch has a **base school** (one of its own schools) and the travel
  cost of the patch is the sum of its schools' straight-line distances to the base;
* each officer's workload (sum of :func:`school_workload` of their schools) stays
  within ``+/- tolerance`` of the district mean (hard, or soft with a named penalty);
* when re-planning, schools keep their previous officer unless a change is needed:
  the objectives are minimised *lexicographically* - workload outside tolerance (soft
  mode only), then schools changing officer, then travel.

Lexicographic order is implemented by solving one objective, constraining it to the
value found, and solving the next (each phase warm-started from the last).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .demand import SchoolFigures
from .errors import InfeasibleToleranceError, SolverTimeoutError
from .fresh import solve_fresh
from .mip import DistrictProblem
from .model import PlanSettings, School, SolveReport, WorkloadWeights

#: Rule names used in penalties and reports.
RULE_WORKLOAD = "workload_within_tolerance"
RULE_STABILITY = "schools_keep_named_officer"
RULE_TRAVEL = "travel_within_patch"

_SCALE = 1000  # workload points -> integer milli-points


def school_workload(figures: SchoolFigures, weights: WorkloadWeights) -> float:
    """Workload points of one school (see :class:`WorkloadWeights`)."""
    return (
        weights.per_school
        + weights.per_pupil * figures.pupils
        + weights.per_fsm_pupil * figures.fsm_pupils
    )


def distance_km(a: School, b: School) -> float:
    """Straight-line distance in km between two schools (BNG metres / 1000)."""
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000.0


def best_base(schools: Sequence[School]) -> tuple[School, float]:
    """The school of a patch that minimises the sum of distances to it, and that sum (km)."""
    best = min(schools, key=lambda b: (sum(distance_km(s, b) for s in schools), b.urn))
    return best, sum(distance_km(s, best) for s in schools)


@dataclass(frozen=True)
class PatchProblem:
    """One sub-problem: the schools of a district and its number of officers.

    For re-planning, ``officer_ids`` lists the officers who may hold a patch (at least
    ``officers`` of them; ``required`` ones must), ``previous`` maps URN -> previous
    officer, and ``must_keep`` are URNs that may not change officer at all.
    """

    key: str
    label: str
    schools: tuple[School, ...]
    workload: tuple[float, ...]
    officers: int
    officer_ids: tuple[str, ...] = ()
    required: frozenset[str] = frozenset()
    previous: Mapping[str, str] = field(default_factory=dict)
    must_keep: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Patch:
    """A solved patch: officer id (``None`` until named), base URN, school URNs."""

    officer: str | None
    base: str
    schools: tuple[str, ...]
    workload: float
    travel_km: float


@dataclass(frozen=True)
class PatchResult:
    patches: tuple[Patch, ...]
    report: SolveReport
    outside_tolerance: float
    changes: int
    band: tuple[float, float]


def tolerance_band(total: float, officers: int, tolerance: float) -> tuple[float, float]:
    """(lowest, highest) workload allowed for one officer: mean x (1 -/+ tolerance)."""
    mean = total / officers
    return (max(0.0, mean * (1 - tolerance)), mean * (1 + tolerance))


def check_tolerance(problem: PatchProblem, tolerance: float) -> None:
    """Fail fast, in words, when one school alone is more than an officer may carry."""
    lo, hi = tolerance_band(sum(problem.workload), problem.officers, tolerance)
    for school, w in zip(problem.schools, problem.workload, strict=True):
        if w > hi + 1e-9:
            raise InfeasibleToleranceError(
                f"{school.name} ({school.urn}) alone is {w:.2f} workload points, more than "
                f"any officer in {problem.label} may carry: the mean is "
                f"{sum(problem.workload) / problem.officers:.2f} and the tolerance +/-"
                f"{tolerance:.0%} allows at most {hi:.2f}. Widen the tolerance, give the "
                "district fewer officers, or let the tolerance bend (`saferschools plan --bend-tolerance`; the plan reports by how much)."
            )


def solve_patches(
    problem: PatchProblem,
    settings: PlanSettings,
    time_limit_s: float | None = None,
    start: PatchResult | None = None,
) -> PatchResult:
    """Solve one district's named-officer problem (see module docstring) within
    ``time_limit_s`` (default ``settings.time_limit_s``; a plan passes this district's share of
    its one overall budget).

    A fresh plan's district (no officers to keep) is solved by :func:`~.fresh.solve_fresh`:
    the greedy baseline made good by local search, then HiGHS's branch and cut with it as a
    cutoff, to ``settings.relative_gap``; ``start`` (an earlier result for the same district)
    replaces the greedy start when a district is given more time. Out of time, the best plan
    so far is returned with status ``OUT_OF_TIME`` ("out of time, best so far"), never worse
    than the greedy baseline; running out of time is never reported as "no solution exists";
    only a proven infeasibility raises :class:`InfeasibleToleranceError`. A re-plan (officer
    ids to keep) is solved lexicographically with CP-SAT; if it finds nothing in time it
    raises :class:`SolverTimeoutError`, which says it is not a proof."""
    limit = settings.time_limit_s if time_limit_s is None else max(0.0, time_limit_s)
    n, k = len(problem.schools), problem.officers
    if k <= 0 or k > n:
        raise InfeasibleToleranceError(
            f"{problem.label}: cannot give {n} schools to {k} officers (each officer "
            "needs at least one school)."
        )
    hard = settings.tolerance_is_hard
    if hard:
        check_tolerance(problem, settings.workload_tolerance)
    trivial = _trivial(problem, settings)
    if trivial is not None:
        return trivial
    schools = problem.schools
    dist = [[round(1000 * distance_km(a, b)) for b in schools] for a in schools]  # metres
    w = [round(x * _SCALE) for x in problem.workload]
    lo_f, hi_f = tolerance_band(sum(w), k, settings.workload_tolerance)
    lo, hi = math.ceil(lo_f - 1e-6), math.floor(hi_f + 1e-6)
    index = {s.urn: i for i, s in enumerate(schools)}
    prev = {index[u]: o for u, o in problem.previous.items() if u in index}
    ids = list(problem.officer_ids)
    idset = set(ids)

    cand = _candidates(dist, settings.candidate_bases, prev)
    cap = settings.max_schools_per_officer
    cap_is_hard = hard and k * cap >= n  # else reported as a broken rule by the plan
    if not ids:
        return _solve_fresh(problem, settings, limit, dist, w, (lo, hi), cand, cap_is_hard, start)
    m = cp_model.CpModel()
    y = [m.new_bool_var(f"base_{j}") for j in range(n)]
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i in range(n):
        for j in cand[i]:
            x[i, j] = m.new_bool_var(f"x_{i}_{j}")
            m.add_implication(x[i, j], y[j])
        m.add_exactly_one(x[i, j] for j in cand[i])
    for j in range(n):
        m.add(x[j, j] >= y[j])
    m.add(sum(y) == k)
    served_by: dict[int, list[int]] = {j: [] for j in range(n)}
    for i, j in x:
        served_by[j].append(i)
    over: list[cp_model.IntVar] = []
    for j in range(n):
        load = sum(w[i] * x[i, j] for i in served_by[j])
        if cap_is_hard:
            m.add(sum(x[i, j] for i in served_by[j]) <= cap * y[j])
        if hard:
            m.add(load <= hi * y[j])
            m.add(load >= lo * y[j])
        else:
            up = m.new_int_var(0, sum(w), f"over_{j}")
            down = m.new_int_var(0, sum(w), f"under_{j}")
            m.add(load - up <= hi * y[j])
            m.add(load + down >= lo * y[j])
            over += [up, down]
    u: dict[tuple[int, str], cp_model.IntVar] = {}
    keep: dict[int, cp_model.IntVar] = {}
    if ids:
        for j in range(n):
            for o in ids:
                u[j, o] = m.new_bool_var(f"u_{j}_{o}")
            m.add(sum(u[j, o] for o in ids) == y[j])
        for o in ids:
            used = sum(u[j, o] for j in range(n))
            if o in problem.required:
                m.add(used == 1)
            else:
                m.add(used <= 1)
        for i, o in prev.items():
            if o not in idset:
                continue
            keep[i] = m.new_bool_var(f"keep_{i}")
            if schools[i].urn in problem.must_keep:
                m.add(keep[i] == 1)
            for j in cand[i]:
                m.add_bool_or([x[i, j].Not(), keep[i].Not(), u[j, o]])
    travel = sum(dist[i][j] * x[i, j] for (i, j) in x)

    phases: list[tuple[str, cp_model.LinearExprT]] = []
    if over:
        phases.append((RULE_WORKLOAD, sum(over)))
    if keep:
        phases.append((RULE_STABILITY, sum(1 - v for v in keep.values())))
    phases.append((RULE_TRAVEL, travel))

    started = time.monotonic()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = settings.num_workers
    solver.parameters.relative_gap_limit = settings.relative_gap
    seconds, all_optimal = 0.0, True
    values: dict[str, int] = {}
    status = cp_model.UNKNOWN
    last = ""
    for name, expr in phases if limit > 0 else ():
        solver.parameters.max_time_in_seconds = max(0.01, limit - (time.monotonic() - started))
        m.minimize(expr)
        status = solver.solve(m)
        seconds += solver.wall_time
        if status == cp_model.INFEASIBLE:
            raise InfeasibleToleranceError(
                f"{problem.label}: no way to split its {n} schools among {k} officers keeps "
                f"every officer's workload within +/-{settings.workload_tolerance:.0%} of "
                f"the mean ({sum(problem.workload) / k:.2f} points)"
                + (" while unaffected schools keep their officer" if problem.must_keep else "")
                + (f" with at most {cap} schools each" if cap_is_hard else "")
                + ". Widen the tolerance, change the number of officers, or let the "
                "tolerance bend (`saferschools plan --bend-tolerance`) to see by how much."
            )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        all_optimal &= status == cp_model.OPTIMAL
        last = name
        values[name] = round(solver.objective_value)
        if name != RULE_TRAVEL:
            m.add(expr <= values[name])
            m.clear_hints()  # type: ignore[no-untyped-call]
            for var in [*y, *x.values(), *u.values(), *keep.values(), *over]:
                m.add_hint(var, solver.value(var))
    if not last:
        raise SolverTimeoutError(
            f"{problem.label}: out of time ({limit:.1f} s) before any plan that keeps "
            "today's officers was found. This is not a proof that none exists: give the "
            "plan more time."
        )
    base_of = [next(j for j in cand[i] if solver.boolean_value(x[i, j])) for i in range(n)]
    objective = float(sum(dist[i][base_of[i]] for i in range(n)))
    bound = solver.best_objective_bound if last == RULE_TRAVEL else 0.0
    report_status = "OPTIMAL" if all_optimal and last == RULE_TRAVEL else "FEASIBLE"
    officer_of = {j: next((o for o in ids if solver.boolean_value(u[j, o])), None) for j in base_of}
    return _patch_result(
        problem,
        settings,
        dist,
        base_of,
        _report(report_status, objective, bound, seconds),
        values.get(RULE_WORKLOAD, 0) / _SCALE,
        values.get(RULE_STABILITY, 0),
        officer_of,
    )


def _solve_fresh(
    problem: PatchProblem,
    settings: PlanSettings,
    limit: float,
    dist: list[list[int]],
    w: list[int],
    band: tuple[int, int],
    cand: list[list[int]],
    cap_is_hard: bool,
    start: PatchResult | None,
) -> PatchResult:
    """A fresh district (no officers to keep): greedy start (or ``start``'s patches, when a
    district is given more time) made good, HiGHS proves the bound (:mod:`.fresh`). Out of
    time: the start, "out of time, best so far"."""
    n, k = len(problem.schools), problem.officers
    index = {s.urn: i for i, s in enumerate(problem.schools)}
    groups = (
        [[index[u] for u in p.schools] for p in start.patches]
        if start is not None
        else greedy_patches(problem.schools, problem.workload, k)
    )
    patch_cap = settings.max_schools_per_officer if cap_is_hard else None
    out = solve_fresh(
        groups,
        DistrictProblem(dist, w, k, band, patch_cap, cand),
        limit,
        settings.relative_gap,
        hard=settings.tolerance_is_hard,
    )
    if out.status == "INFEASIBLE":
        cap = settings.max_schools_per_officer
        raise InfeasibleToleranceError(
            f"{problem.label}: no way to split its {n} schools among {k} officers keeps "
            f"every officer's workload within +/-{settings.workload_tolerance:.0%} of the mean "
            f"({sum(problem.workload) / k:.2f} points)"
            + (f" with at most {cap} schools each" if cap_is_hard else "")
            + ". Widen the tolerance, change the number of officers, or let the tolerance "
            "bend (`saferschools plan --bend-tolerance`) to see by how much."
        )
    return _patch_result(
        problem,
        settings,
        dist,
        list(out.base_of),
        _report(out.status, out.objective, out.bound, out.seconds),
        out.bending / _SCALE,
        0,
        {},
    )


def _report(status: str, objective_m: float, bound_m: float, seconds: float) -> SolveReport:
    """A district's solve report in km (the bound never above the objective)."""
    objective_km = objective_m / 1000.0
    bound_km = min(bound_m, objective_m) / 1000.0
    return SolveReport(
        status=status,
        objective=objective_km,
        bound=bound_km,
        gap=0.0 if status == "OPTIMAL" else _gap(objective_km, bound_km),
        seconds=seconds,
    )


def _patch_result(
    problem: PatchProblem,
    settings: PlanSettings,
    dist: list[list[int]],
    base_of: list[int],
    report: SolveReport,
    outside: float,
    changes: int,
    officer_of: Mapping[int, str | None],
) -> PatchResult:
    """Patches (one per base, its schools, workload and travel) from ``base_of``."""
    schools = problem.schools
    index = {s.urn: i for i, s in enumerate(schools)}
    patches = []
    for j in sorted(set(base_of)):
        members = tuple(sorted(schools[i].urn for i in range(len(schools)) if base_of[i] == j))
        patches.append(
            Patch(
                officer=officer_of.get(j),
                base=schools[j].urn,
                schools=members,
                workload=sum(problem.workload[index[s]] for s in members),
                travel_km=sum(dist[index[s]][j] for s in members) / 1000.0,
            )
        )
    patches.sort(key=lambda p: (schools[index[p.base]].easting, p.base))
    return PatchResult(
        patches=tuple(patches),
        report=report,
        outside_tolerance=outside,
        changes=changes,
        band=tolerance_band(sum(problem.workload), problem.officers, settings.workload_tolerance),
    )


def _trivial(problem: PatchProblem, settings: PlanSettings) -> PatchResult | None:
    """A fresh district with one officer (one patch, its best base) or one officer per school
    (each school its own patch) needs no search: the answer is optimal by construction."""
    n, k = len(problem.schools), problem.officers
    if problem.officer_ids or k not in (1, n):
        return None
    lo, hi = tolerance_band(sum(problem.workload), k, settings.workload_tolerance)
    if k == n and any(w > hi + 1e-9 or w < lo - 1e-9 for w in problem.workload):
        return None  # the band bends (or cannot hold): leave it to the model
    patches: tuple[Patch, ...]
    if k == 1:
        base, travel = best_base(problem.schools)
        patches = (
            Patch(
                None,
                base.urn,
                tuple(sorted(s.urn for s in problem.schools)),
                sum(problem.workload),
                travel,
            ),
        )
    else:
        patches = tuple(
            Patch(None, s.urn, (s.urn,), w, 0.0)
            for s, w in zip(problem.schools, problem.workload, strict=True)
        )
    objective = sum(p.travel_km for p in patches)
    return PatchResult(
        patches=tuple(sorted(patches, key=lambda p: p.base)),
        report=SolveReport("OPTIMAL", objective, objective, 0.0, 0.0),
        outside_tolerance=0.0,
        changes=0,
        band=(lo, hi),
    )


def _gap(objective: float, bound: float) -> float:
    """(objective - bound) / objective, 0 when both are 0."""
    if objective <= 0:
        return 0.0
    return max(0.0, (objective - bound) / objective)


def _candidates(
    dist: list[list[int]], limit: int | None, prev: Mapping[int, str]
) -> list[list[int]]:
    """Candidate bases of each school: all, or its ``limit`` nearest (itself included),
    plus every school that shared its previous officer (so it can stay with them)."""
    n = len(dist)
    if limit is None or limit >= n:
        return [list(range(n)) for _ in range(n)]
    colleagues: dict[str, list[int]] = {}
    for i, o in prev.items():
        colleagues.setdefault(o, []).append(i)
    out = []
    for i in range(n):
        near = set(sorted(range(n), key=lambda j: (dist[i][j], j))[:limit]) | {i}
        if i in prev:
            near |= set(colleagues[prev[i]])
        out.append(sorted(near))
    # a base must be able to serve itself
    return out


def greedy_patches(
    schools: Sequence[School], workload: Sequence[float], officers: int
) -> list[list[int]]:
    """Greedy nearest-school baseline (for benchmarks, not for plans).

    Officer by officer: start from the unassigned school farthest from the district's
    centre, then take the nearest unassigned schools until the officer reaches the
    district mean workload; the last officer takes what is left. Returns index lists.
    """
    n = len(schools)
    cx = sum(s.easting for s in schools) / n
    cy = sum(s.northing for s in schools) / n
    target = sum(workload) / officers
    left = set(range(n))
    patches: list[list[int]] = []
    for officer in range(officers):
        if officer == officers - 1:
            patches.append(sorted(left))
            break
        seed = max(
            left,
            key=lambda i: (math.hypot(schools[i].easting - cx, schools[i].northing - cy), -i),
        )
        patch, load = [seed], workload[seed]
        left.discard(seed)
        while load < target and len(left) > officers - officer - 1:
            nxt = min(left, key=lambda i: (distance_km(schools[i], schools[seed]), i))
            patch.append(nxt)
            load += workload[nxt]
            left.discard(nxt)
        patches.append(patch)
    return patches
