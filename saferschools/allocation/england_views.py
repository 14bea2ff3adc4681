"""All of England: the inspector starts a plan of every English force as a background job,
follows it force by force on the job's page, and reads the one report here."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from saferschools.accounts.audit import audit_denied
from saferschools.accounts.permissions import role_required
from saferschools.core.jobs import selectors as job_selectors
from saferschools.core.jobs.services import job_start

from . import permissions
from .forms import EnglandForm
from .tasks import ENGLAND_PLANS, ENGLAND_REPORT
from .views import PLANS

WRITERS = tuple(sorted(permissions.PLAN_WRITERS))


@role_required(*WRITERS)
def england_start(request: HttpRequest) -> HttpResponse:
    form = EnglandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        numbers = d.get("numbers") or {}
        job = job_start(
            kind="allocation.england",
            acting_user=request.user,
            params={
                "constables": d.get("constables") or 0,
                "officers": {f: [c, s] for f, (c, s) in numbers.items()},
                "time_limit_s": float(d["time_limit"]),
            },
        )
        return redirect("core:job", pk=job.pk)
    return PLANS.page(
        request,
        "allocation/england_form.html",
        "Plan all of England",
        {
            "form": form,
            "recent": job_selectors.jobs_for(user=request.user)
            .filter(kind="allocation.england")
            .order_by("-pk")[:5],
        },
        ("All of England", None),
    )


#: The report table's columns: (heading, numeric).
COLUMNS = (
    ("Force", False),
    ("Establishments", True),
    ("Constables", True),
    ("Outcome", False),
    ("Gap", True),
    ("Seconds", True),
    ("Travel km", True),
    ("Greedy km", True),
    ("Workload outside the band (greedy)", True),
)


def forces_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per force for the report's table, the slowest to prove first."""
    rows = []
    for f in doc.get("forces", []):
        greedy = f.get("greedy", {})
        rows.append(
            {
                **f,
                "gap_pct": 100 * f["gap"],
                "within": not f["error"] and f["gap"] <= 0.01,
                "greedy_km": greedy.get("objective_km", 0.0),
                "greedy_outside": greedy.get("outside_band", 0.0),
                "saving_km": greedy.get("objective_km", 0.0) - f["objective_km"],
            }
        )
    return sorted(rows, key=lambda r: (-r["gap"], r["force"]))


@role_required(*WRITERS)
def england_report(request: HttpRequest, job_id: int) -> HttpResponse:
    job = (
        job_selectors.jobs_for(user=request.user)
        .filter(pk=job_id, kind="allocation.england")
        .first()
    )
    if job is None:
        audit_denied(request=request, record_type="core.Job", record_id=job_id)
        raise Http404("No England plan with that reference.")
    doc = (job.result or {}).get("england")
    if job.state != job.State.SUCCEEDED or not doc:
        return redirect("core:job", pk=job.pk)
    return PLANS.page(
        request,
        "allocation/england_report.html",
        "All of England: the report",
        {
            "job": job,
            "doc": doc,
            "summary": job.result.get("summary", ""),
            "rows": forces_rows(doc),
            "columns": COLUMNS,
            "files": [ENGLAND_REPORT, ENGLAND_PLANS],
            "gap_pct": 100 * doc.get("gap", 0.0),
            "worst_pct": 100 * doc.get("worst_force_gap", 0.0),
        },
        ("All of England", reverse("allocation:england")),
        ("Report", None),
    )
