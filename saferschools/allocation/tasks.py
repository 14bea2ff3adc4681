"""Allocation's background job: solve a plan (and save it as a draft).

The engine reports its own status; the job shows it as the engine said it (OPTIMAL, FEASIBLE
with its gap, or out of time), never "no plan exists" unless the engine proved it.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.progress import JobProgress, check_stop


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
) -> JobOutcome:
    from . import engine as E
    from . import services

    check_stop(progress)
    progress.on_progress(0.05, f"Planning {constables} constables and {sergeants} sergeants.")
    kwargs: dict[str, Any] = {}
    if method:
        kwargs["method"] = method
    try:
        plan = services.plan_create(
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
