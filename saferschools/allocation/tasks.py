"""Allocation's background job: solve a plan (and save it as a draft).

The engine reports its own status; the job shows it as the engine said it (OPTIMAL, FEASIBLE
with its gap, or out of time), never "no plan exists" unless the engine proved it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from django.urls import reverse

from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.progress import JobProgress, check_stop

if TYPE_CHECKING:
    from .planning import RuleChanges


@job_kind("allocation.plan", title="Solve an allocation plan")
def plan_job(
    progress: JobProgress,
    *,
    acting_user: Any,
    constables: int,
    sergeants: int = 0,
    name: str = "",
    method: str | None = None,
    weights: str = "",
    tolerance: float = 0.25,
    max_schools: int = 6,
    stable: bool = True,
    time_limit_s: float = 10.0,
    bend_tolerance: bool = False,
    force: str | None = None,
    types: str = "",
    **rule_changes: Unpack[RuleChanges],
) -> JobOutcome:
    """A plan for the force, with the planning rules given in the planner's words (as on the
    command line: `pinned="E07000114=7"`, `types="secondary,ap"`), else the force's own."""
    from . import engine as E
    from . import planning, services

    check_stop(progress)
    progress.on_progress(0.05, f"Planning {constables} constables and {sergeants} sergeants.")
    kwargs: dict[str, Any] = {}
    if method:
        kwargs["method"] = method
    try:
        rules = planning.rules_for_force(force=force, types=types, **rule_changes)
        plan = services.plan_create(
            force=force,
            rules=rules,
            constables=int(constables),
            sergeants=int(sergeants),
            name=name,
            weights=weights or None,
            tolerance=float(tolerance),
            max_schools=int(max_schools),
            stable=bool(stable),
            time_limit_s=float(time_limit_s),
            bend_tolerance=bool(bend_tolerance),
            acting_user=acting_user,
            **kwargs,
        )
    except E.AllocationError as exc:
        raise JobError(str(exc)) from exc
    status = plan.solve_status or ""
    gap = plan.gap
    words = {
        "OPTIMAL": "optimal",
        "FEASIBLE": "feasible" + (f", gap {100 * gap:.1f}%" if gap is not None else ""),
    }.get(status, status.lower() or "saved")
    return JobOutcome(
        summary=f"Draft plan {plan.pk} saved ({words}).",
        url=reverse("allocation:plan_detail", args=[plan.pk]),
        data={"plan_id": plan.pk, "seconds": plan.seconds},
        status=status,
        objective=plan.objective,
        bound=plan.bound,
        gap=gap,
    )


def _may_plan(user: Any) -> bool:
    from .permissions import can_write_plans

    return can_write_plans(user)


#: Files an England job writes beside its result (downloaded from the job's page).
ENGLAND_REPORT = "england-report.json"
ENGLAND_PLANS = "england-plans.json"


@job_kind("allocation.england", title="Plan all of England", may_start=_may_plan)
def england_job(
    progress: JobProgress,
    *,
    acting_user: Any,
    constables: int = 0,
    officers: dict[str, list[int | None]] | None = None,
    forces: list[str] | None = None,
    time_limit_s: float = 110.0,
    workers: int = 2,
    job_id: int = 0,
) -> JobOutcome:
    """Every English force (or ``forces``) planned in parallel within one budget: progress as
    each force finishes, one report (per force: outcome, gap, seconds, travel, the greedy
    baseline beside it) kept with the job and as JSON files."""
    import json

    from django.core.exceptions import PermissionDenied

    from saferschools.core.jobs.files import job_output_dir

    from . import engine as E
    from .england import england_plan

    if acting_user is not None and not _may_plan(acting_user):
        raise PermissionDenied("Only the inspector may plan all of England.")
    check_stop(progress)
    numbers = {f: (int(n[0] or 0), n[1]) for f, n in (officers or {}).items()} or None
    progress.on_progress(0.02, "Reading the national files.")

    def each(done: int, total: int, message: str) -> None:
        progress.on_progress(0.05 + 0.95 * done / max(1, total), f"[{done}/{total}] {message}")

    try:
        report = england_plan(
            constables=int(constables) or None,
            officers=numbers,
            forces=list(forces or ()),
            time_limit_s=float(time_limit_s),
            workers=int(workers),
            progress=each,
            cancelled=progress.should_stop,
            keep_plans=True,
        )
    except E.AllocationError as exc:
        raise JobError(str(exc)) from exc
    doc = report.to_dict()
    out = job_output_dir(job_id)
    (out / ENGLAND_REPORT).write_text(json.dumps(doc, indent=1))
    plans = {f.force: f.solution for f in report.forces if f.solution is not None}
    (out / ENGLAND_PLANS).write_text(json.dumps(plans))
    planned = [f for f in report.forces if not f.error]
    stopped = [f.force for f in report.forces if f.status == "CANCELLED"]
    summary = (
        f"{len(planned)} of {len(report.forces)} forces planned in {report.seconds:.0f} s: "
        f"{doc['forces_within_1pct']} within 1% of the proven bound, overall gap "
        f"{doc['gap']:.2%}; travel {doc['objective_km']:,.0f} km against the greedy baseline's "
        f"{doc['greedy_km']:,.0f} km."
        + (
            f" Out of time (best so far): {', '.join(doc['out_of_time'])}."
            if doc["out_of_time"]
            else ""
        )
        + (f" Stopped before {len(stopped)} forces started." if stopped else "")
    )
    status = (
        "OPTIMAL"
        if planned and all(f.status in ("OPTIMAL", "NOTHING_TO_PLAN") for f in planned)
        else "OUT_OF_TIME"
        if doc["out_of_time"]
        else "FEASIBLE"
    )
    return JobOutcome(
        summary=summary,
        url=reverse("allocation:england_report", args=[job_id]) if job_id else "",
        data={"files": [ENGLAND_REPORT, ENGLAND_PLANS], "england": doc},
        status=status,
        objective=doc["objective_km"],
        bound=doc["bound_km"],
        gap=doc["gap"],
    )
