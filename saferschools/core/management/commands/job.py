"""`saferschools job`: background jobs from the command line.

saferschools job kinds                                   # what can run as a job
saferschools job run rostering.generate --param start=2026-06-29 --param weeks=4 --wait
saferschools job run oversight.report --param month=2026-05 --inline --json
saferschools job show 12 [--wait] [--json]               # a progress bar until it ends
saferschools job list                                    # the most recent jobs
saferschools job cancel 12

`run` queues the job for a worker (`saferschools worker`, started by `make run`) and prints its
number; `--wait` then shows a progress bar and ends with the job (exit status 0 finished,
1 failed, 2 cancelled), so scripts stay synchronous; `--inline` runs it in this process (no
worker needed). Jobs started here have no user: they run with the system's authority.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.core.jobs import kinds
from saferschools.core.jobs.models import Job
from saferschools.core.jobs.registry import JobError
from saferschools.core.jobs.selectors import job_status
from saferschools.core.jobs.services import job_cancel, job_run_now, job_start
from saferschools.core.jobs.terminal import exit_code, wait_for_job


def _param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise CommandError(f"--param takes KEY=VALUE, not {text!r}")
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except ValueError:
        return key, value


class Command(BaseCommand):
    help = "Run, watch, list and cancel background jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("kinds", help="list the kinds of job")
        run = sub.add_parser("run", help="start a job")
        run.add_argument("kind")
        run.add_argument("--param", action="append", default=[], help="KEY=VALUE (JSON or text)")
        run.add_argument("--wait", action="store_true", help="wait, with a progress bar")
        run.add_argument("--inline", action="store_true", help="run here, without a worker")
        run.add_argument("--timeout", type=float, help="give up waiting after this many seconds")
        run.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="one job")
        show.add_argument("id", type=int)
        show.add_argument("--wait", action="store_true")
        show.add_argument("--timeout", type=float)
        show.add_argument("--json", action="store_true")
        ls = sub.add_parser("list", help="recent jobs")
        ls.add_argument("--json", action="store_true")
        cancel = sub.add_parser("cancel", help="ask a job to stop")
        cancel.add_argument("id", type=int)

    def handle(self, *args: Any, **o: Any) -> None:
        action = o["action"]
        if action == "kinds":
            for name, k in kinds().items():
                self.stdout.write(f"{name:<28} {k.title}")
            return
        if action == "list":
            jobs = list(Job.objects.all()[:30])
            if o["json"]:
                self.stdout.write(json.dumps([job_status(j) for j in jobs], default=str))
            for j in [] if o["json"] else jobs:
                pct = "" if j.percent is None else f"{j.percent}%"
                self.stdout.write(f"{j.pk:>6}  {j.state:<10} {pct:>4}  {j.title}")
            return
        if action == "cancel":
            job = self._get(o["id"])
            try:
                job = job_cancel(job=job, acting_user=_System())
            except JobError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Job {job.pk}: {job.get_state_display()} (stop requested).")
            return
        if action == "run":
            params = dict(_param(p) for p in o["param"])
            try:
                job = job_start(kind=o["kind"], params=params, acting_user=_System())
            except JobError as exc:
                raise CommandError(str(exc)) from None
            if o["inline"]:
                job = job_run_now(job=job)
            elif not o["wait"]:
                self.stdout.write(
                    json.dumps(job_status(job), default=str)
                    if o["json"]
                    else f"Job {job.pk} queued: {job.title}. Watch it with `saferschools job "
                    f"show {job.pk} --wait` or at /jobs/{job.pk}/."
                )
                return
        else:
            job = self._get(o["id"])
            if not o["wait"]:
                self._report(job, o["json"])
                return
        if not job.is_finished:
            try:
                job = wait_for_job(job.pk, stream=self.stderr._out, timeout=o.get("timeout"))
            except TimeoutError as exc:
                raise CommandError(str(exc)) from None
        self._report(job, o["json"])
        code = exit_code(job)
        if code:
            raise SystemExit(code)

    def _get(self, pk: int) -> Job:
        try:
            return Job.objects.get(pk=pk)
        except Job.DoesNotExist:
            raise CommandError(f"There is no job {pk}.") from None

    def _report(self, job: Job, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(job_status(job), default=str))
            return
        self.stdout.write(f"Job {job.pk} ({job.title}): {job.get_state_display()}.")
        if job.result and job.result.get("summary"):
            self.stdout.write(job.result["summary"])
        if job.error:
            self.stdout.write(job.error)
        for p in (job.result or {}).get("problems", [])[:20]:
            self.stdout.write(f"  - {p}")


class _System:
    """The command line acts with the system's authority (it runs on the server)."""

    pk = None
    is_superuser = True
    is_staff = True
