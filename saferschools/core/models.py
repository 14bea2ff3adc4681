"""Notifications: the in-app inbox every signed-in user has (and e-mail beside it).

Business rule: a notification never carries a child's free text; it says what happened and
links to the record, which the recipient opens within their own scope (and that view is
audited).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from saferschools.core.fields import time_stamp


class Notification(models.Model):
    class Kind(models.TextChoices):
        INFO = "info", "Information"
        ALERT = "alert"
        TASK = "task"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.INFO)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    topic = models.CharField(
        max_length=60, blank=True, db_index=True, help_text="Machine-readable kind of event."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = time_stamp()
    digest_pending = models.BooleanField(
        default=False, help_text="To go in the recipient's next daily e-mail digest."
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class SolveOutcome(models.Model):
    """What the solver said of an answer it saved (an allocation plan, a roster): its status
    (OPTIMAL, FEASIBLE, out of time), objective, best bound, relative gap and seconds taken.

    Business rule: a saved answer keeps the solver's own account of it, so a past plan or
    roster can be judged again: proved optimal, or how far from it when time ran out.
    """

    solve_status = models.CharField(max_length=20, blank=True)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def columns_of(report: Any) -> dict[str, Any]:
        """The columns that keep a solver's report (its `status` is the `solve_status`)."""
        figures = {name: getattr(report, name) for name in ("objective", "bound", "gap", "seconds")}
        return {"solve_status": report.status, **figures}

    def summary(self) -> dict[str, Any]:
        return {
            "status": self.solve_status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": self.seconds,
        }


class RateCounter(models.Model):
    """One fixed-window counter of the rate limits (`core.ratelimit`), shared by every worker.

    Business rule: a limit must hold however many processes serve the site, so counters live
    in the database (or Redis, by setting), never in one worker's memory. Incremented with a
    single atomic UPDATE; a key's older windows are deleted when its new window starts.
    """

    key = models.CharField(max_length=120)
    window = models.BigIntegerField(help_text="Start of the window, in seconds since the epoch.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="core_ratecounter_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"


from .jobs.models import Job  # noqa: E402
from .messaging.models import DeliveryPreference, OutboundMessage  # noqa: E402

__all__ = ["DeliveryPreference", "Job", "Notification", "OutboundMessage"]
