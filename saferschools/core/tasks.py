"""The queue's tasks for the core mechanisms: run a job; the daily jobs (scheduled by beat,
see `config/celery.py`); send one outbound message (with retries and backoff)."""

from __future__ import annotations

from celery import shared_task

from saferschools.core.jobs import digest as _digest  # noqa: F401  (registers its job kind)


@shared_task(name="saferschools.run_job", ignore_result=True)
def run_job_task(job_id: int) -> None:
    from saferschools.core.jobs.runner import run_job

    run_job(job_id)


@shared_task(name="saferschools.scheduled_job", ignore_result=True)
def scheduled_job_task(kind: str) -> None:
    """A scheduled (beat) job: recorded as a `Job` started by nobody and run here."""
    from saferschools.core.jobs.models import Job
    from saferschools.core.jobs.registry import get_kind
    from saferschools.core.jobs.runner import run_job

    job = Job.objects.create(kind=kind, title=get_kind(kind).title, message="Scheduled.")
    run_job(job.pk)


@shared_task(name="saferschools.deliver_message", ignore_result=True)
def deliver_message_task(message_id: int) -> None:
    """Deliver one outbound message; on a passing failure it queues itself again with backoff
    (core/messaging/services.py: `message_deliver`)."""
    from saferschools.core.messaging.services import message_deliver

    message_deliver(message_id)
