"""Job pages: the list of my jobs, one job (progress that refreshes itself without a long
request: the page polls `status` every second or two, or reloads itself without JavaScript),
its small JSON status, and cancel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..pages import HOME, refusals_shown, section
from . import selectors, services
from .registry import JobError

JOBS = section(("Background jobs", "core:jobs"))


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(selectors.jobs_for(user=request.user)[:100])
    return HOME.page(request, "core/jobs/list.html", "Background jobs", {"jobs": jobs})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.jobs_for(user=request.user), pk=pk)
    return JOBS.page(request, "core/jobs/detail.html", job.title, {"job": job})


@login_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_object_or_404(selectors.jobs_for(user=request.user), pk=pk)
    response = JsonResponse(selectors.job_status(job))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.jobs_for(user=request.user), pk=pk)
    with refusals_shown(request, JobError, PermissionDenied):
        services.job_cancel(job=job, acting_user=request.user)
        messages.success(request, "Asked the job to stop. It keeps whatever it had finished.")
    return redirect("core:job", pk=job.pk)


@login_required
def job_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """A file the job wrote (only those its result lists), for whoever may see the job."""
    from .files import job_output_dir

    job = get_object_or_404(selectors.jobs_for(user=request.user), pk=pk)
    if job.state != job.State.SUCCEEDED or name not in (job.result or {}).get("files", []):
        raise Http404("No such file for this job.")
    path = job_output_dir(job.pk) / name
    if not path.is_file():
        raise Http404("The file has been removed.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
