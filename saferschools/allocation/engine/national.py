"""All of England in one run: every force planned with its own officer numbers, forces solved in
parallel within one overall time budget, progress per force, one report.

* Officer numbers: given per force (constables, sergeants), or a national total shared between
  forces by demand (:func:`share_national_total`: the same demand factors as a district's,
  computed over all of England, summed per force; Webster; every force at least what its
  districts' minimums need). Sergeants not given are what each force's divisions need for
  seven-day supervision and the span of control.
* Solving: forces are independent (officers serve one force), so they are solved in separate
  processes (``workers``, default 2; fresh interpreters, never forks of the caller), largest
  first. The job has ONE budget: each force, when it starts, may take up to three times its
  share of what is left in proportion to its size (times the workers running in parallel;
  most forces stop well inside it, at the gap), never past the job's deadline, and shares that among its districts in turn (:class:`~.budget.Budget`); districts
  that ran out of time get what the quicker ones left. Each district stops at 0.9% of its
  proven bound, so a force that finishes is within 1%. A force whose time runs out reports
  "out of time, best so far" - never worse than the greedy baseline, which every force's result
  carries beside it (:func:`greedy_baseline`, measured in the same run); only a proven
  infeasibility fails it.
* ``progress(done, total, message)`` is called in the calling process as each force finishes;
  ``cancelled()`` is checked before each force starts.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any

from .apportion import apportion
from .assignment import (
    RULE_TRAVEL,
    RULE_WORKLOAD,
    best_base,
    greedy_patches,
    tolerance_band,
)
from .budget import Budget, Progress
from .demand import district_demand
from .errors import AllocationError
from .model import District, Instance, Lsoa, PlanSettings, School, Solution
from .plan import plan, school_workloads


@dataclass(frozen=True)
class ForceResult:
    """One force's outcome in the national report."""

    force: str
    constables: int
    sergeants: int
    schools: int
    districts: int
    status: str
    outcome: str
    objective: float
    bound: float
    gap: float
    seconds: float
    allowance: float
    penalties: tuple[dict[str, Any], ...] = ()
    error: str = ""
    solution: dict[str, Any] | None = None
    #: the greedy nearest-school baseline with the plan's district numbers, measured in the
    #: same run: its travel (km), workload outside the band (points) and seconds
    greedy_km: float = 0.0
    greedy_outside: float = 0.0
    greedy_seconds: float = 0.0
    #: workload outside the band in the plan (points; 0 unless a district's band had to bend)
    outside: float = 0.0

    def to_dict(self, with_plan: bool = False) -> dict[str, Any]:
        out = {
            "force": self.force,
            "constables": self.constables,
            "sergeants": self.sergeants,
            "schools": self.schools,
            "districts": self.districts,
            "status": self.status,
            "outcome": self.outcome,
            "objective_km": round(self.objective, 3),
            "bound_km": round(self.bound, 3),
            "gap": round(self.gap, 6),
            "seconds": round(self.seconds, 2),
            "allowance_s": round(self.allowance, 2),
            "penalties": list(self.penalties),
            "error": self.error,
            "outside_band": round(self.outside, 3),
            "greedy": {
                "objective_km": round(self.greedy_km, 3),
                "outside_band": round(self.greedy_outside, 3),
                "seconds": round(self.greedy_seconds, 3),
            },
        }
        if with_plan and self.solution is not None:
            out["plan"] = self.solution
        return out


@dataclass(frozen=True)
class NationalReport:
    forces: tuple[ForceResult, ...]
    seconds: float
    budget_s: float
    workers: int
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def gap(self) -> float:
        ok = [f for f in self.forces if not f.error]
        objective = sum(f.objective for f in ok)
        bound = sum(f.bound for f in ok)
        return 0.0 if objective <= 0 else max(0.0, (objective - bound) / objective)

    @property
    def worst_gap(self) -> float:
        return max((f.gap for f in self.forces if not f.error), default=0.0)

    def to_dict(self, with_plans: bool = False) -> dict[str, Any]:
        return {
            "forces": [f.to_dict(with_plans) for f in self.forces],
            "seconds": round(self.seconds, 2),
            "budget_s": self.budget_s,
            "workers": self.workers,
            "constables": sum(f.constables for f in self.forces),
            "sergeants": sum(f.sergeants for f in self.forces),
            "schools": sum(f.schools for f in self.forces),
            "gap": round(self.gap, 6),
            "worst_force_gap": round(self.worst_gap, 6),
            "objective_km": round(sum(f.objective for f in self.forces), 3),
            "bound_km": round(sum(f.bound for f in self.forces), 3),
            "greedy_km": round(sum(f.greedy_km for f in self.forces), 3),
            "forces_within_1pct": sum(1 for f in self.forces if not f.error and f.gap <= 0.01),
            "out_of_time": [f.force for f in self.forces if f.status == "OUT_OF_TIME"],
            "failed": [f.force for f in self.forces if f.error],
            "notes": list(self.notes),
        }


#: How many times its fair share of what is left a force may take (see :func:`plan_forces`).
#: Measured on England: with exactly its share, 30 of 39 forces ended within 1% in 104 s at
#: load 6-8 while the run as a whole needed 86 s when no force was cut short.
SHARE_SLACK = 3.0


def force_minimum(instance: Instance, cap: int) -> int:
    """Constables a force needs at least: each district with schools one, and the school cap."""
    counts: dict[str, int] = {}
    for s in instance.schools:
        counts[s.district] = counts.get(s.district, 0) + 1
    return sum(max(1, math.ceil(n / cap)) for n in counts.values())


def share_national_total(
    forces: Mapping[str, Instance], total: int, settings: PlanSettings
) -> dict[str, int]:
    """A national total of constables shared between forces by demand (see module doc)."""
    districts: list[District] = []
    owner: dict[str, str] = {}
    schools: list[School] = []
    lsoas: list[Lsoa] = []
    for name, inst in forces.items():
        for d in inst.districts:
            districts.append(replace(d, recorded_crime=None))
            owner[d.code] = name
        schools += inst.schools
        lsoas += inst.lsoas
    everyone = Instance(tuple(districts), tuple(schools), total, 0, tuple(lsoas))
    demand, _ = district_demand(everyone, settings.weights, settings.crime_severity)
    shares: dict[str, float] = dict.fromkeys(forces, 0.0)
    for code, dd in demand.items():
        shares[owner[code]] += dd.share
    lo = {f: force_minimum(inst, settings.max_schools_per_officer) for f, inst in forces.items()}
    hi = {f: len(inst.schools) for f, inst in forces.items()}
    return apportion(shares, total, settings.method, lo, hi)


def sergeants_needed(
    instance: Instance, constables: Mapping[str, int], settings: PlanSettings
) -> int:
    """Sergeants a force's divisions need (seven-day supervision, span of control)."""
    by_division: dict[str, int] = {}
    for d in instance.districts:
        by_division[d.division] = by_division.get(d.division, 0) + constables.get(d.code, 0)
    return sum(settings.rules.sergeants_needed(v, n)[0] for v, n in by_division.items())


def greedy_baseline(
    instance: Instance, solution: Solution, settings: PlanSettings
) -> tuple[float, float, float]:
    """The greedy nearest-school baseline with the plan's officers per district: its travel
    (km, the plan's objective), its workload outside each district's band (points) and the
    seconds it took."""
    t0 = time.perf_counter()
    work = school_workloads(instance, settings)
    by_district: dict[str, list[School]] = {}
    for s in instance.schools:
        by_district.setdefault(s.district, []).append(s)
    travel = outside = 0.0
    for d in solution.districts:
        schools = sorted(by_district.get(d.code, []), key=lambda s: s.urn)
        if not d.officers or not schools:
            continue
        loads = [work[s.urn] for s in schools]
        lo, hi = tolerance_band(sum(loads), d.officers, settings.workload_tolerance)
        for patch in greedy_patches(schools, loads, d.officers):
            travel += best_base([schools[i] for i in patch])[1]
            load = sum(loads[i] for i in patch)
            outside += max(0.0, load - hi) + max(0.0, lo - load)
    return travel, outside, time.perf_counter() - t0


def _solve_force(
    name: str,
    instance: Instance,
    settings: PlanSettings,
    allowance: float,
    deadline: float,
    keep_plan: bool,
) -> ForceResult:
    """One force, in a worker process: its plan within ``allowance`` seconds (and never past
    the job's ``deadline``, a ``time.monotonic()`` value: the clock is the machine's, so it
    holds across processes), and the greedy baseline beside it."""
    t0 = time.perf_counter()
    allowance = max(0.0, min(allowance, deadline - time.monotonic()))
    if not instance.schools or instance.constables <= 0:
        why = (
            "no establishments that get a named officer"
            if not instance.schools
            else "no constables given"
        )
        return _unplanned(name, instance, "NOTHING_TO_PLAN", why, allowance=allowance)
    try:
        solution: Solution = plan(instance, settings, budget=Budget(allowance))
    except AllocationError as exc:
        return _unplanned(
            name, instance, "FAILED", str(exc), time.perf_counter() - t0, allowance, str(exc)
        )
    seconds = time.perf_counter() - t0
    g_km, g_outside, g_seconds = greedy_baseline(instance, solution, settings)
    r = solution.report
    penalties = tuple(
        {
            "rule": p.rule,
            "amount": round(p.amount, 3),
            "unit": p.unit,
            "details": list(p.details[:5]),
        }
        for p in solution.penalties
        if p.amount > 0 and p.rule != RULE_TRAVEL
    )
    outside = sum(p.amount for p in solution.penalties if p.rule == RULE_WORKLOAD)
    return ForceResult(
        force=name,
        constables=instance.constables,
        sergeants=instance.sergeants,
        schools=len(instance.schools),
        districts=len(instance.districts),
        status=r.status,
        outcome=r.outcome,
        objective=r.objective,
        bound=r.bound,
        gap=r.gap,
        seconds=seconds,
        allowance=allowance,
        penalties=penalties,
        solution=solution.to_dict() if keep_plan else None,
        greedy_km=g_km,
        greedy_outside=g_outside,
        greedy_seconds=g_seconds,
        outside=outside,
    )


def _unplanned(
    name: str,
    instance: Instance,
    status: str,
    why: str,
    seconds: float = 0.0,
    allowance: float = 0.0,
    error: str = "",
) -> ForceResult:
    """A force without a plan: nothing to plan, failed, or cancelled before it started."""
    return ForceResult(
        name,
        instance.constables,
        instance.sergeants,
        len(instance.schools),
        len(instance.districts),
        status,
        why,
        0.0,
        0.0,
        0.0,
        seconds,
        allowance,
        error=error,
    )


def plan_forces(
    forces: Mapping[str, Instance],
    settings: PlanSettings,
    budget_s: float = 110.0,
    workers: int | None = None,
    progress: Progress | None = None,
    keep_plans: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> NationalReport:
    """Plan every force (its own ``Instance`` with its constables and sergeants) in parallel
    within one overall budget (see the module docstring). ``cancelled()``: checked between
    forces; once true, no more forces start (those running finish within their time)."""
    workers = max(1, workers or min(2, os.cpu_count() or 1))
    budget = Budget(budget_s)
    # One CP-SAT thread per process when processes run side by side.
    # Each district may stop at 0.9%: every force then lands within 1% of its proven bound.
    solo = replace(
        settings,
        num_workers=1 if workers > 1 else settings.num_workers,
        bend_where_infeasible=True,
        relative_gap=max(settings.relative_gap, 0.009),
    )
    order = sorted(forces, key=lambda f: -_size(forces[f]))
    size_left = sum(_size(forces[f]) for f in order)
    results: dict[str, ForceResult] = {}
    running: dict[Future[ForceResult], str] = {}
    notes: list[str] = []
    deadline = time.monotonic() + budget_s
    # Fresh interpreters, not forks: a fork would inherit the caller's HiGHS scheduler threads,
    # database connections and locks (a queue worker has all three).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        queue = list(order)
        while queue or running:
            while queue and len(running) < workers:
                name = queue.pop(0)
                if cancelled is not None and cancelled():
                    why = "cancelled before it started"
                    results[name] = _unplanned(name, forces[name], "CANCELLED", why, error=why)
                    continue
                weight = _size(forces[name])
                # Each force's share of what is left, as if the workers split the rest evenly,
                # times SHARE_SLACK: most forces stop well inside their share (at the gap), so
                # a force whose size understates its difficulty may take more, and what it
                # leaves is shared by the forces after it.
                allowance = min(
                    budget.remaining(),
                    SHARE_SLACK * budget.remaining() * workers * weight / max(size_left, 1e-9),
                )
                size_left -= weight
                future = pool.submit(
                    _solve_force, name, forces[name], solo, allowance, deadline, keep_plans
                )
                running[future] = name
            if not running:
                continue
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in finished:
                name = running.pop(fut)
                results[name] = fut.result()
                if progress is not None:
                    r = results[name]
                    progress(
                        len(results),
                        len(forces),
                        f"{name}: {r.outcome} ({r.schools} schools, {r.constables} constables, "
                        f"{r.seconds:.1f} s)",
                    )
    elapsed = budget.elapsed()
    if elapsed > budget_s * 1.05:
        notes.append(f"The run took {elapsed:.0f} s against a budget of {budget_s:.0f} s.")
    return NationalReport(
        tuple(results[f] for f in sorted(results)), elapsed, budget_s, workers, tuple(notes)
    )


def _size(instance: Instance) -> float:
    """The work a force's solve is expected to take: the sum over its districts of n^2."""
    counts: dict[str, int] = {}
    for s in instance.schools:
        counts[s.district] = counts.get(s.district, 0) + 1
    return float(sum(n * n for n in counts.values()))
