"""Background jobs: one row per piece of long work (a solve, a roster, a report, an import,
a batch of messages, a daily job).

Business rule: a job is the single place a person looks to see what long work is doing, how
far it has gone, the best answer so far (for a solve: its objective, bound and gap), how it
ended (the result, or the error in words), and to ask it to stop. A job never carries a child's
words: its message and result name records, they do not copy them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from saferschools.core.fields import NEWEST_FIRST, time_stamp, user_stamp


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed"
        CANCELLED = "cancelled"

    FINISHED_STATES = (State.SUCCEEDED, State.FAILED, State.CANCELLED)

    kind = models.CharField(
        max_length=60, db_index=True, help_text="Registered job kind, e.g. 'rostering.generate'."
    )
    title = models.CharField(max_length=200, help_text="What the job does, in words.")
    params = models.JSONField(default=dict, blank=True)
    started_by = user_stamp(
        related_name="jobs", help_text="Empty for scheduled jobs the system starts."
    )
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.FloatField(null=True, blank=True, help_text="Fraction done, 0 to 1.")
    message = models.CharField(max_length=300, blank=True, help_text="What it is doing now.")
    log = models.JSONField(
        default=list, blank=True, help_text="The most recent progress lines, oldest first."
    )
    best_objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True, help_text="Relative gap of the best so far.")
    result = models.JSONField(null=True, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    cancel_requested = models.BooleanField(default=False)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = time_stamp()
    finished_at = time_stamp()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "core"
        ordering = NEWEST_FIRST
        constraints = [
            models.CheckConstraint(
                name="core_job_progress_is_fraction",
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"Job {self.pk}: {self.title} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(100 * self.progress)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None:
            return None
        from django.utils import timezone

        end = self.finished_at or timezone.now()
        return (end - self.started_at).total_seconds()
