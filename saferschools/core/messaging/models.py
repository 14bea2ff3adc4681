"""Messages that leave the building: one row per e-mail or text message, whatever sends it.

Business rules:
- every message sent (or kept in the outbox when nothing is configured to send) is recorded:
  to whom, when, about which record, by whom, and how delivery went (each attempt, the last
  error, the next retry). A failure is shown to the person who sent it;
- a message about a child never carries the child's words: it says there is something to
  read and links to it. The composing services take no casework free text;
- the address and body are encrypted at rest (public requesters' addresses are personal data).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from saferschools.core.constraints import implies
from saferschools.core.fields import NEWEST_FIRST, EncryptedTextField, time_stamp, user_stamp


class OutboundMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        SMS = "sms", "Text message"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to send"
        RETRYING = "retrying"
        SENT = "sent"
        OUTBOX = "outbox", "Kept in the outbox (not sent)"
        FAILED = "failed", "Could not be delivered"

    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    to_address = EncryptedTextField(help_text="E-mail address or phone number.")
    to_name = models.CharField(max_length=200, blank=True)
    recipient = user_stamp(
        related_name="messages_received", help_text="The account it was for, when it was for one."
    )
    subject = models.CharField(max_length=200)
    body_text = EncryptedTextField()
    body_html = EncryptedTextField(blank=True)
    topic = models.CharField(max_length=60, db_index=True)
    record_type = models.CharField(max_length=60, blank=True, db_index=True)
    record_id = models.CharField(max_length=40, blank=True)
    reference = models.CharField(max_length=40, blank=True, help_text="e.g. the request's.")
    sent_by = user_stamp(
        related_name="messages_sent",
        help_text="Who sent it (told if it fails); empty for the system.",
    )
    state = models.CharField(
        max_length=8, choices=State.choices, default=State.QUEUED, db_index=True
    )
    backend = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = time_stamp()
    failure_reported_at = time_stamp()

    class Meta:
        app_label = "core"
        ordering = NEWEST_FIRST
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            implies(Q(state="sent"), Q(sent_at__isnull=False), name="core_message_sent_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.subject!r} ({self.get_state_display()})"

    @property
    def is_final(self) -> bool:
        return self.state in (self.State.SENT, self.State.OUTBOX, self.State.FAILED)


class DeliveryPreference(models.Model):
    """How a person wants their alerts by e-mail: each at once, or one digest a day."""

    class Alerts(models.TextChoices):
        IMMEDIATE = "immediate", "Each alert by e-mail as it happens"
        DIGEST = "digest", "One e-mail a day listing them (at 7am)"
        NONE = "none", "No e-mail: the inbox in SaferSchools only"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference"
    )
    alerts = models.CharField(max_length=10, choices=Alerts.choices, default=Alerts.IMMEDIATE)

    class Meta:
        app_label = "core"

    def __str__(self) -> str:
        return f"{self.user}: {self.alerts}"
