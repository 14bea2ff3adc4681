"""The whole plan: instance -> demand -> apportionment -> named officers -> solution.

Entry point: :func:`plan`. Pass ``previous`` (URN -> officer id) to re-plan stably:
existing named officers are kept unless a change is needed.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from .apportion import METHOD_REASONS, canonical_method
from .assignment import (
    RULE_STABILITY,
    RULE_TRAVEL,
    RULE_WORKLOAD,
    Patch,
    PatchProblem,
    PatchResult,
    school_workload,
    solve_patches,
)
from .breaks import (
    district_officers,
    district_rule_penalties,
    overload_penalty,
    place_sergeants_by_rules,
    school_cap_penalty,
)
from .budget import Budget, Progress
from .demand import district_demand, explain, school_figures
from .errors import (
    InfeasibleToleranceError,
    InvalidInputError,
    NoOfficersError,
    TooManyOfficersError,
)
from .model import (
    DistrictPlan,
    Instance,
    MethodChoice,
    OfficerPatch,
    Penalty,
    PlanSettings,
    Role,
    School,
    Solution,
    SolveReport,
)

#: Force-wide roles printed in every plan.
ROLES: tuple[Role, ...] = (
    Role("Inspector", 1, "Leads the Schools Officers programme and signs off the plan."),
    Role(
        "Performance co-ordinator",
        1,
        "Keeps school data, demand figures and the plan up to date; reports coverage.",
    ),
)


def validate(instance: Instance, settings: PlanSettings) -> None:
    """Refuse bad input early with a clear :class:`AllocationError` subclass."""
    canonical_method(settings.method)
    if instance.constables <= 0:
        raise NoOfficersError(
            f"The plan has {instance.constables} Schools Officers; it needs at least one."
        )
    urns = Counter(s.urn for s in instance.schools)
    dupes = sorted(u for u, c in urns.items() if c > 1)
    if dupes:
        raise InvalidInputError(f"School URNs appear more than once: {', '.join(dupes[:10])}.")
    codes = {d.code for d in instance.districts}
    if len(codes) != len(instance.districts):
        raise InvalidInputError("District codes appear more than once.")
    strays = sorted({s.district for s in instance.schools} - codes)
    if strays:
        raise InvalidInputError(
            f"Schools belong to districts the force does not list: {', '.join(strays)}. "
            "Add the districts or leave those schools out."
        )
    if instance.constables > len(instance.schools):
        raise TooManyOfficersError(
            f"{instance.constables} officers but only {len(instance.schools)} secondary-phase "
            "schools: every officer needs at least one school. Reduce the number of officers."
        )
    if settings.max_schools_per_officer < 1:
        raise InvalidInputError("max_schools_per_officer must be at least 1.")
    if not settings.workload_tolerance >= 0:
        raise InvalidInputError("workload_tolerance must be zero or more (0.25 = +/-25%).")
    settings.rules.check(codes, {d.division for d in instance.districts})


def school_workloads(instance: Instance, settings: PlanSettings) -> dict[str, float]:
    """Workload points of every school (gaps filled as :func:`district_demand` does)."""
    figures, _ = school_figures(instance)
    return {urn: school_workload(f, settings.workload) for urn, f in figures.items()}


def plan(
    instance: Instance,
    settings: PlanSettings | None = None,
    previous: Mapping[str, str] | None = None,
    budget: Budget | None = None,
    progress: Progress | None = None,
) -> Solution:
    """Make a complete plan.

    1. demand share of every district (:func:`~.demand.district_demand`);
    2. whole officers per district (:func:`~.apportion.apportion` with the minimums
       and maximums of :func:`~.apportion.district_bounds`); sergeants per division;
    3. one named officer per school, patches solved exactly per district
       (:func:`~.assignment.solve_patches`).

    With ``previous`` (URN -> officer id), officers keep their schools unless a change
    is needed (fewest schools changing officer first, then travel). An officer whose
    district now needs fewer officers is released (named in the warnings); extra
    officers get new ids.

    ``budget`` is the job's one overall time budget (default: ``settings.time_limit_s`` from
    now), shared by the districts in proportion to their size; ``progress(done, total,
    message)`` is called after each district.
    """
    settings = settings or PlanSettings()
    validate(instance, settings)
    method = canonical_method(settings.method)
    demand, warnings = district_demand(instance, settings.weights, settings.crime_severity)
    by_district: dict[str, list[School]] = defaultdict(list)
    for s in instance.schools:
        by_district[s.district].append(s)
    officers, bounds, notes = district_officers(
        {d.code: demand[d.code].share for d in instance.districts},
        {d.code: len(by_district[d.code]) for d in instance.districts},
        instance.constables,
        method,
        settings.max_schools_per_officer,
        settings.rules,
    )
    warnings += notes
    workload = school_workloads(instance, settings)
    home = _home_districts(previous or {}, {s.urn: s.district for s in instance.schools})
    results: dict[str, PatchResult] = {}
    problems: dict[str, tuple[PatchProblem, PlanSettings]] = {}
    budget = budget or Budget(settings.time_limit_s)
    size = {d.code: float(len(by_district[d.code]) ** 2) for d in instance.districts}
    size_left = sum(size[d.code] for d in instance.districts if officers[d.code])
    done, to_do = 0, sum(1 for d in instance.districts if officers[d.code])
    for d in instance.districts:
        k = officers[d.code]
        if k == 0:
            continue
        schools = tuple(sorted(by_district[d.code], key=lambda s: s.urn))
        ids: tuple[str, ...] = ()
        required: frozenset[str] = frozenset()
        if previous:
            existing = sorted(o for o, h in home.items() if h == d.code)
            fresh = _new_ids(d.code, max(0, k - len(existing)), set(home))
            ids = tuple(existing + fresh)
            if len(existing) < k:
                required = frozenset(ids)
        problem = PatchProblem(
            key=d.code,
            label=d.name,
            schools=schools,
            workload=tuple(workload[s.urn] for s in schools),
            officers=k,
            officer_ids=ids,
            required=required,
            previous={s.urn: previous[s.urn] for s in schools if previous and s.urn in previous},
        )
        allowance = budget.share(size[d.code], size_left)
        size_left -= size[d.code]
        problems[d.code] = (problem, settings)
        try:
            results[d.code] = solve_patches(problem, settings, allowance)
        except InfeasibleToleranceError as exc:
            if not settings.bend_where_infeasible:
                raise
            # The band cannot hold in this district: plan it anyway, bending the tolerance
            # as little as possible, and say so (the workload penalty gives by how much).
            warnings.append(f"{exc} The tolerance is bent there instead.")
            bent = replace(settings, tolerance_is_hard=False)
            problems[d.code] = (problem, bent)
            results[d.code] = solve_patches(problem, bent, budget.share(size[d.code], size_left))
        done += 1
        if progress is not None:
            r = results[d.code].report
            progress(done, to_do, f"{d.name}: {r.outcome}")
    # Time handed on: districts that ran out of time get what the quicker ones left, starting
    # from their best patches (so never worse than before).
    late = [c for c, r in results.items() if r.report.status == "OUT_OF_TIME" and not previous]
    late_left = sum(size[c] for c in late)
    for code in late:
        allowance = budget.share(size[code], late_left)
        late_left -= size[code]
        if allowance < 0.1:
            continue
        problem, used = problems[code]
        results[code] = solve_patches(problem, used, allowance, start=results[code])
    patches = _name_patches(results, set(home))
    if previous:
        kept = {p.officer for p in patches}
        for o in sorted(set(home) - kept):
            warnings.append(
                f"Officer {o} is released from {home[o]}: the district now has fewer officers."
            )
    district_plans = tuple(
        DistrictPlan(
            code=d.code,
            name=d.name,
            division=d.division,
            officers=officers[d.code],
            schools=len(by_district[d.code]),
            demand=demand[d.code],
            minimum=bounds[d.code][0],
            maximum=bounds[d.code][1],
            sentence=explain(d.name, demand[d.code], officers[d.code], instance.constables)
            + _rule_sentence(d.code, officers[d.code], settings),
        )
        for d in instance.districts
    )
    return assemble(
        instance,
        settings,
        district_plans,
        patches,
        list(results.values()),
        previous,
        warnings,
    )


def _rule_sentence(code: str, officers: int, settings: PlanSettings) -> str:
    """Why the force's rules changed a district's number, in words (empty if they did not)."""
    r = settings.rules
    if code in r.pinned:
        return f" The force's planning rules pin it at {r.pinned[code]}."
    if code in r.min_constables and officers <= r.min_constables[code]:
        return f" The force's planning rules set its minimum at {r.min_constables[code]}."
    if code in r.max_constables and officers >= r.max_constables[code]:
        return f" The force's planning rules set its maximum at {r.max_constables[code]}."
    return ""


def assemble(
    instance: Instance,
    settings: PlanSettings,
    district_plans: tuple[DistrictPlan, ...],
    patches: Sequence[OfficerPatch],
    results: Sequence[PatchResult],
    previous: Mapping[str, str] | None,
    warnings: Iterable[str],
    fixed_travel_km: float = 0.0,
    reference_mean: float | None = None,
) -> Solution:
    """Build a :class:`Solution` from solved patches (shared with redeployment).

    Every planning rule is checked here on the finished plan and each break becomes a named
    penalty: the school cap, the district minimums/maximums/pins, seven-day supervision and the
    span of control, and (``reference_mean``: the force's mean workload per officer before a
    redeployment) officers carrying far more than the force's mean."""
    method = canonical_method(settings.method)
    by_division: dict[str, int] = defaultdict(int)
    for dp in district_plans:
        by_division[dp.division] += sum(1 for p in patches if p.district == dp.code)
    assignment = {urn: p.officer for p in patches for urn in p.schools}
    report = aggregate_reports([r.report for r in results], fixed_travel_km)
    penalties = [
        Penalty(
            RULE_TRAVEL,
            sum(p.travel_km for p in patches),
            "km",
            ("sum over schools of the straight-line distance to the patch's base school",),
        )
    ]
    band = {dp.code: r.band for dp, r in _pair(district_plans, patches, results)}
    outside = []
    total_out = 0.0
    for p in patches:
        lo, hi = band.get(p.district, (0.0, float("inf")))
        if p.workload > hi + 1e-6 or p.workload < lo - 1e-6:
            miss = p.workload - hi if p.workload > hi else lo - p.workload
            total_out += miss
            outside.append(
                f"{p.officer}: workload {p.workload:.2f} outside {lo:.2f}-{hi:.2f} by {miss:.2f}"
            )
    if outside or not settings.tolerance_is_hard:
        penalties.append(Penalty(RULE_WORKLOAD, total_out, "workload points", tuple(outside)))
    cap = school_cap_penalty(patches, settings.max_schools_per_officer)
    if cap is not None:
        penalties.append(cap)
    penalties += district_rule_penalties(
        {dp.code: dp.officers for dp in district_plans},
        {dp.code: dp.name for dp in district_plans},
        settings.rules,
    )
    if reference_mean is not None:
        overload = overload_penalty(patches, reference_mean, settings.workload_tolerance)
        if overload is not None:
            penalties.append(overload)
    sergeants, sergeant_breaks, sergeant_notes = place_sergeants_by_rules(
        by_division, instance.sergeants, method, settings.rules
    )
    penalties += sergeant_breaks
    warnings = [*warnings, *sergeant_notes]
    if previous:
        names = {s.urn: s.name for s in instance.schools}
        moved = [
            f"{names[u]} ({u}): {previous[u]} -> {o}"
            for u, o in sorted(assignment.items())
            if u in previous and previous[u] != o
        ]
        penalties.append(Penalty(RULE_STABILITY, float(len(moved)), "schools", tuple(moved)))
    return Solution(
        districts=district_plans,
        officers=tuple(patches),
        assignment=assignment,
        sergeants=sergeants,
        roles=ROLES,
        method=MethodChoice(method, METHOD_REASONS[method]),
        report=report,
        school_names={s.urn: s.name for s in instance.schools},
        school_districts={s.urn: s.district for s in instance.schools},
        penalties=tuple(penalties),
        warnings=tuple(warnings),
    )


def _pair(
    district_plans: Sequence[DistrictPlan],
    patches: Sequence[OfficerPatch],
    results: Sequence[PatchResult],
) -> list[tuple[DistrictPlan, PatchResult]]:
    """Match each district to the sub-problem result that holds its patches."""
    owner = {urn: p.district for p in patches for urn in p.schools}
    out = []
    for r in results:
        districts = {owner[u] for patch in r.patches for u in patch.schools}
        out += [(dp, r) for dp in district_plans if dp.code in districts]
    return out


def aggregate_reports(reports: Sequence[SolveReport], fixed: float = 0.0) -> SolveReport:
    """Sum the district sub-problems: objective and bound add up; gap of the sums."""
    objective = fixed + sum(r.objective for r in reports)
    bound = fixed + sum(r.bound for r in reports)
    status = "OPTIMAL" if all(r.status == "OPTIMAL" for r in reports) else "FEASIBLE"
    if any(r.status == "OUT_OF_TIME" for r in reports):
        status = "OUT_OF_TIME"
    gap = 0.0 if objective <= 0 else max(0.0, (objective - bound) / objective)
    if status == "OPTIMAL":
        gap = 0.0
    return SolveReport(status, objective, bound, gap, sum(r.seconds for r in reports))


def _home_districts(previous: Mapping[str, str], district_of: Mapping[str, str]) -> dict[str, str]:
    """Each previous officer's district: where most of their schools are."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for urn, officer in previous.items():
        if urn in district_of:
            votes[officer][district_of[urn]] += 1
    return {o: c.most_common(1)[0][0] for o, c in votes.items()}


def _new_ids(district: str, count: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while len(out) < count:
        i += 1
        candidate = f"{district}-{i:02d}"
        if candidate not in taken:
            out.append(candidate)
            taken.add(candidate)
    return out


def _name_patches(results: Mapping[str, PatchResult], taken: set[str]) -> list[OfficerPatch]:
    out: list[OfficerPatch] = []
    for code, result in results.items():
        unnamed = [p for p in result.patches if p.officer is None]
        fresh = iter(_new_ids(code, len(unnamed), taken))
        for p in result.patches:
            out.append(_officer_patch(p, p.officer or next(fresh), code))
    return out


def _officer_patch(p: Patch, officer: str, district: str) -> OfficerPatch:
    return OfficerPatch(officer, district, p.schools, p.base, p.workload, p.travel_km)


def timed_plan(instance: Instance, settings: PlanSettings | None = None) -> tuple[Solution, float]:
    """:func:`plan` and its wall-clock seconds (for benchmarks)."""
    t0 = time.perf_counter()
    solution = plan(instance, settings)
    return solution, time.perf_counter() - t0
