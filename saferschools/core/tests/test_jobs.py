"""The job mechanism: a job records what it is doing, how far it got, its best-so-far and
gap, how it ended, and whether someone asked it to stop; its page and JSON show that only to
the person who started it (or an administrator)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.core.jobs import JobError, JobOutcome, job_kind
from saferschools.core.jobs.models import Job
from saferschools.core.jobs.runner import DatabaseProgress, run_job
from saferschools.core.jobs.services import job_cancel, job_start
from saferschools.core.models import Notification
from saferschools.core.progress import (
    NULL_PROGRESS,
    JobCancelled,
    JobProgress,
    StepProgress,
    check_stop,
    gap,
    line_progress,
)
from saferschools.testing.builders import make_user

pytestmark = pytest.mark.django_db


@job_kind("tests.solve", title="A small solve")
def _solve(progress, *, acting_user, steps: int = 4, fail: str = "", job_id: int = 0):
    for k in range(steps):
        check_stop(progress)
        progress.on_progress((k + 1) / steps, f"step {k + 1}", best_objective=10 - k, bound=5)
        if fail == "cancel-me" and k == 1:
            Job.objects.filter(pk=job_id).update(cancel_requested=True)
            progress._last_check = -1e9  # check at once, not in a second
    if fail == "words":
        raise JobError("No answer: the rules contradict.", problems=["rule A", "rule B"])
    if fail == "crash":
        raise ZeroDivisionError("division by zero")
    return JobOutcome(
        summary="Solved", url="/somewhere/", status="FEASIBLE", objective=7, bound=5, data={"n": 1}
    )


def test_a_job_runs_stores_its_result_and_tells_the_starter(django_capture_on_commit_callbacks):
    user = make_user(Role.INSPECTOR)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.solve", params={"steps": 3}, acting_user=user)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.progress == 1.0
    assert job.result["summary"] == "Solved" and job.result["status"] == "FEASIBLE"
    assert job.result["n"] == 1 and job.result_url == "/somewhere/"
    assert job.best_objective == 7 and job.bound == 5 and job.gap == pytest.approx(2 / 7)
    assert job.log[-1] == "step 3" and job.started_at and job.finished_at
    note = Notification.objects.get(recipient=user)
    assert note.subject == "A small solve has finished" and note.link == f"/jobs/{job.pk}/"


def test_a_failure_in_words_is_kept_with_its_reasons(django_capture_on_commit_callbacks):
    user = make_user(Role.INSPECTOR)
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.solve", params={"fail": "words"}, acting_user=user)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == "No answer: the rules contradict."
    assert job.result["problems"] == ["rule A", "rule B"]
    assert Notification.objects.get(recipient=user).subject == "A small solve has failed"


def test_an_unexpected_error_fails_the_job_with_words_not_a_traceback():
    job = job_start(kind="tests.solve", params={"fail": "crash"}, acting_user=None)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "unexpected error" in job.error and "ZeroDivisionError" in job.error


def test_cancel_while_running_stops_at_the_next_check():
    job = job_start(kind="tests.solve", params={"fail": "cancel-me", "steps": 6}, acting_user=None)
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert job.log[-1] == "step 2"  # stopped before step 3


def test_a_queued_job_cancelled_never_runs(settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    user = make_user(Role.INSPECTOR)
    job = job_start(kind="tests.solve", acting_user=user)  # queued on commit, not yet run
    assert job.state == Job.State.QUEUED
    job_cancel(job=job, acting_user=user)
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert run_job(job.pk).state == Job.State.CANCELLED  # the worker leaves it alone


def test_only_the_starter_or_an_administrator_may_cancel():
    from django.core.exceptions import PermissionDenied

    owner, other = make_user(Role.INSPECTOR), make_user(Role.SERGEANT)
    job = Job.objects.create(kind="tests.solve", title="x", started_by=owner)
    with pytest.raises(PermissionDenied):
        job_cancel(job=job, acting_user=other)
    assert job_cancel(job=job, acting_user=make_user(Role.SYSADMIN)).cancel_requested


def test_running_the_same_job_twice_does_the_work_once():
    job = job_start(kind="tests.solve", acting_user=None)
    job.refresh_from_db()
    finished = job.finished_at
    assert run_job(job.pk).finished_at == finished


def test_progress_writes_are_throttled_but_the_last_always_lands():
    job = Job.objects.create(kind="tests.solve", title="x", state=Job.State.RUNNING)
    p = DatabaseProgress(job.pk, interval=3600)
    p.on_progress(0.1, "first")  # first write goes through
    p.on_progress(0.5, "second")  # held back
    job.refresh_from_db()
    assert job.message == "first"
    p.on_progress(1.0, "done")  # the end always lands
    job.refresh_from_db()
    assert (job.progress, job.message, job.log) == (1.0, "done", ["first", "second", "done"])


def test_line_progress_reads_the_engines_district_lines_and_can_stop():
    seen = []

    class Rec(JobProgress):
        stop = False

        def report(self, update):
            seen.append(update.fraction)

        def should_stop(self):
            return self.stop

    rec = Rec()
    say = line_progress(rec)
    say("[1/4] Thanet: 8 officers, up to 10 s")
    say("[1/4] Thanet: OPTIMAL in 1.2 s")
    say("[2/4] Dover: 5 officers")
    say("rostering the sergeants")
    assert seen == [0.0, 0.25, 0.25, None]
    rec.stop = True
    with pytest.raises(JobCancelled):
        say("[3/4] Swale")
    steps = []
    rec.on_progress = lambda f, m, b=None, c=None: steps.append(f)
    StepProgress(rec, 1, 4).on_progress(0.5, "half of step 2")
    assert steps == [0.375]
    assert gap(110, 100) == pytest.approx(10 / 110) and gap(None, 1) is None
    assert NULL_PROGRESS.should_stop() is False


def test_job_page_and_status_are_the_starters_only(client):
    owner, other = make_user(Role.INSPECTOR), make_user(Role.SERGEANT)
    job = job_start(kind="tests.solve", acting_user=owner)
    client.force_login(other)
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job-status", args=[job.pk])).status_code == 404
    client.force_login(owner)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "A small solve" in page and "Solved" in page and 'href="/somewhere/"' in page
    status = client.get(reverse("core:job-status", args=[job.pk])).json()
    assert status["state"] == "succeeded" and status["percent"] == 100 and status["finished"]
    listing = client.get(reverse("core:jobs")).content.decode()
    assert f"/jobs/{job.pk}/" in listing


def test_running_job_page_polls_and_offers_cancel(client):
    owner = make_user(Role.INSPECTOR)
    job = Job.objects.create(
        kind="tests.solve",
        title="Long solve",
        started_by=owner,
        state=Job.State.RUNNING,
        progress=0.4,
        message="Thanet: FEASIBLE",
        best_objective=12,
        bound=10,
        gap=gap(12, 10),
    )
    client.force_login(owner)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'value="40"' in page and "Thanet: FEASIBLE" in page and "Cancel this job" in page
    assert f'data-job-status-url="/jobs/{job.pk}/status.json"' in page
    assert '<meta http-equiv="refresh"' in page  # without JavaScript the page reloads itself
    response = client.post(reverse("core:job-cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.cancel_requested and job.state == Job.State.RUNNING


def test_command_line_runs_a_job_and_waits(capsys):
    out = io.StringIO()
    call_command(
        "job", "run", "tests.solve", "--param", "steps=2", "--inline", "--json", stdout=out
    )
    status = json.loads(out.getvalue())
    assert status["state"] == "succeeded" and status["result"]["summary"] == "Solved"
    out = io.StringIO()
    call_command("job", "show", str(status["id"]), "--wait", stdout=out)
    assert "Finished" in out.getvalue() and "Solved" in out.getvalue()
    with pytest.raises(SystemExit) as exc:
        call_command("job", "run", "tests.solve", "--param", "fail=words", "--wait", stdout=out)
    assert exc.value.code == 1


def test_report_command_waits_for_its_job_and_writes_the_files(tmp_path, capsys):
    from saferschools.allocation.tests.conftest import build_small_force
    from saferschools.oversight.periods import Month

    build_small_force()  # (the report needs some schools and districts to count)
    month = Month.current().shift(-1).key
    out = io.StringIO()
    call_command("report", "--month", month, "--out", str(tmp_path), "--wait", stdout=out)
    job = Job.objects.get(kind="oversight.report")
    assert job.state == Job.State.SUCCEEDED and job.started_by is None
    assert f"Job {job.pk}:" in out.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv", "report.html", "report.pdf"]
    out = io.StringIO()
    call_command("report", "--month", month, "--out", str(tmp_path), "--background", stdout=out)
    assert "queued" in out.getvalue() or "Job" in out.getvalue()


def test_the_report_page_makes_its_files_as_a_job_to_download(client):
    from saferschools.allocation.tests.conftest import build_small_force
    from saferschools.oversight.periods import Month

    force = build_small_force()
    inspector = force.users[Role.INSPECTOR]
    month = Month.current().shift(-1).key
    client.force_login(inspector)
    page = client.get(reverse("oversight:report", args=[month])).content.decode()
    assert 'id="report-job"' in page
    response = client.post(reverse("oversight:report_job", args=[month]))
    job = Job.objects.get(kind="oversight.report")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert job.state == Job.State.SUCCEEDED and job.started_by == inspector
    page = client.get(response["Location"]).content.decode()
    assert f"/jobs/{job.pk}/files/report.pdf" in page
    pdf = client.get(reverse("core:job-file", args=[job.pk, "report.pdf"]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("core:job-file", args=[job.pk, "secrets.txt"])).status_code == 404
    client.force_login(force.users[Role.SERGEANT])  # not theirs
    assert client.get(reverse("core:job-file", args=[job.pk, "report.pdf"])).status_code == 404


def test_a_roster_without_a_proof_is_never_called_impossible():
    """The job reports only what the solver established (issue 19): "cannot" for INFEASIBLE,
    "not found within the time limit" for a timeout."""
    from saferschools.rostering.tasks import _no_roster_title

    class Err(Exception):
        pass

    proved, timed_out, unknown = Err(), Err(), Err()
    proved.status, timed_out.status = "INFEASIBLE", "UNKNOWN"
    assert "proved" in _no_roster_title(proved)
    assert "within the time limit" in _no_roster_title(timed_out)
    assert "cannot" not in _no_roster_title(timed_out) + _no_roster_title(unknown)
