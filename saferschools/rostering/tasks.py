"""Rostering's background jobs: make a roster, re-roster a published one.

The web page and `saferschools roster --background` start these; the job page shows the
solver's progress district by district and, at the end, the solver's own status (OPTIMAL,
FEASIBLE with its gap, or out of time) as the engine reported it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypedDict, Unpack

from django.urls import reverse

from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.progress import JobProgress, line_progress


class _Solving(TypedDict):
    """How a job has the rostering services solve: within its time limit (a number read back
    from the job's JSON), the solver's lines moving the job's bar from 2% to 98%."""

    time_limit_s: float
    progress: Callable[[str], None]


def _solving(progress: JobProgress, time_limit_s: float) -> _Solving:
    return {
        "time_limit_s": float(time_limit_s),
        "progress": line_progress(progress, start=0.02, end=0.98),
    }


def _no_roster_title(exc: Exception) -> str:
    """Say only what the solver established: "cannot" only when it proved infeasibility
    (status INFEASIBLE); out of time is out of time."""
    status = str(getattr(exc, "status", "") or "")
    if status == "INFEASIBLE":
        return "No roster can meet every rule: the solver proved it."
    if status:
        return (
            f"No roster was found within the time limit (solver status {status}). One may "
            "exist: try a longer time limit."
        )
    return "No roster was made. The reasons the solver gave:"


def roster_outcome(roster: Any) -> JobOutcome:
    s = roster.summary()
    status = s.get("status") or ""
    gap = s.get("gap")
    words = {
        "OPTIMAL": "optimal (proved the best possible)",
        "FEASIBLE": "feasible" + (f", gap {100 * gap:.1f}%" if gap is not None else ""),
    }.get(status, status.lower() or "saved")
    outcome = getattr(roster, "outcome", "") or ""
    return JobOutcome(
        summary=(
            f"Draft roster {roster.pk} made: {outcome or words + '.'} The independent check "
            f"found {roster.violations} rule break(s)."
        ),
        url=reverse("rostering:detail", args=[roster.pk]),
        data={"roster_id": roster.pk, "violations": roster.violations, "seconds": s["seconds"]},
        status=status,
        objective=s.get("objective"),
        bound=s.get("bound"),
        gap=gap,
    )


class _Cover(TypedDict, total=False):
    """Whom a roster made by a job covers, by the ids the job's JSON keeps: a division, a
    sergeant's team, or (neither) the whole force."""

    division_id: int | None
    sergeant_id: int | None


def _cover_of(ids: _Cover) -> dict[str, Any]:
    """The division and the sergeant that `ids` name (None where not named)."""
    from saferschools.estate.models import Division
    from saferschools.workforce.models import Officer

    division_id, sergeant_id = ids.get("division_id"), ids.get("sergeant_id")
    return {
        "division": Division.objects.get(pk=division_id) if division_id else None,
        "sergeant": Officer.objects.get(pk=sergeant_id) if sergeant_id else None,
    }


@job_kind("rostering.generate", title="Make a roster")
def roster_generate_job(
    progress: JobProgress,
    *,
    acting_user: Any,
    start: str,
    weeks: int,
    time_limit_s: float = 50.0,
    **cover: Unpack[_Cover],
) -> JobOutcome:
    from . import services

    covered = _cover_of(cover)
    progress.on_progress(0.0, f"Building the roster's rules ({weeks} weeks from {start}).")
    try:
        roster = services.roster_generate(
            start=dt.date.fromisoformat(start),
            weeks=int(weeks),
            acting_user=acting_user,
            **covered,
            **_solving(progress, time_limit_s),
        )
    except services.RosterInfeasibleError as exc:
        # The rostering service raises this only when the solver proved it (status INFEASIBLE).
        if not getattr(exc, "status", ""):
            exc.status = "INFEASIBLE"  # type: ignore[attr-defined]
        raise JobError(
            _no_roster_title(exc),
            problems=exc.messages,
            data={
                "status": getattr(exc, "status", ""),
                "infeasibilities": exc.infeasibilities[:200],
            },
        ) from exc
    except services.RosterError as exc:
        raise JobError("The roster could not be made.", problems=exc.messages) from exc
    return roster_outcome(roster)


@job_kind("rostering.reroster", title="Re-roster after absences")
def roster_reroster_job(
    progress: JobProgress,
    *,
    acting_user: Any,
    roster_id: int,
    absences: list[dict[str, Any]] | None = None,
    time_limit_s: float = 30.0,
    reason: str = "",
) -> JobOutcome:
    """Repair a published roster after absences (each {officer_id, start, end, reason, note})
    as a job; the repaired roster is saved by the rostering service as it would be inline."""
    from saferschools.workforce.models import Officer

    from . import services
    from .models import Roster

    roster = Roster.objects.get(pk=roster_id)
    recorded = [
        {
            "officer": Officer.objects.get(pk=a["officer_id"]),
            "start": dt.date.fromisoformat(a["start"]),
            "end": dt.date.fromisoformat(a.get("end") or a["start"]),
            "reason": a.get("reason", "sickness"),
            "note": a.get("note", ""),
        }
        for a in absences or []
    ]
    progress.on_progress(0.0, f"Re-rostering {roster} after {len(recorded)} absence(s).")
    try:
        outcome = services.roster_reroster(
            roster=roster,
            absences=recorded,
            acting_user=acting_user,
            reason=reason,
            **_solving(progress, time_limit_s),
        )
    except services.RosterError as exc:
        raise JobError("The roster could not be repaired.", problems=exc.messages) from exc
    new = getattr(outcome, "roster", None)
    if new is None:
        return JobOutcome(summary="Re-rostered.", data={"roster_id": roster.pk})
    return roster_outcome(new)
