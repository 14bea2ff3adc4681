"""Operation Encompass: telling a child's school about a domestic abuse incident.

Business rules:
- One **incident** (a police reference, when and where, brief circumstances) may involve several
  children at different schools; the school of each child gets **one notification**, which names
  only that school's children. A child educated at home is notified to the local authority's
  children's services instead.
- Each notification is **due before the start of the next school day** at its school
  (`deadline.py`); the statutory measure is the share notified by then.
- The key adult (the school's designated safeguarding leads) is sent a message with no details,
  only a link; opening the notification is an audited read; they acknowledge it and may record
  the support the school gave. Unacknowledged by the set time: the force's Encompass lead and
  the school's named officer are alerted.
- Visible only to the force's Encompass team, the officer who recorded it, the school's named
  officer (or the officer covering for them) and that school's safeguarding leads.
- Free text and the children's names are encrypted at rest; names are found for subject access
  by a keyed hash, never by plain text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saferschools.core.constraints import implies
from saferschools.core.fields import EncryptedTextField, optional_link, time_stamp, user_stamp
from saferschools.core.records import TrackedRecord

from .choices import Delivery, NotSpokenReason, Presence, Recipient


def name_key(first_name: str, last_name: str, date_of_birth: dt.date) -> str:
    """A keyed hash of a child's normalised name and date of birth (for subject access)."""
    text = f"{' '.join(first_name.lower().split())}|{' '.join(last_name.lower().split())}"
    text += f"|{date_of_birth.isoformat()}"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


class TeamMember(models.Model):
    """A member of the force's Operation Encompass team (the lead is alerted when a school
    has not acknowledged a notification in time)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="encompass_membership"
    )
    is_lead = models.BooleanField(default=False, help_text="The force's Encompass lead.")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Encompass team member"

    def __str__(self) -> str:
        return f"{self.user}{' (lead)' if self.is_lead else ''}"


class LocalAuthorityContact(models.Model):
    """Where a local authority's children's services receive notifications about children
    educated at home."""

    la_code = models.CharField(max_length=10, unique=True)
    la_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["la_name"]

    def __str__(self) -> str:
        return f"{self.la_name} children's services"


class Incident(TrackedRecord):
    """The domestic abuse incident the police attended."""

    police_reference = models.CharField(max_length=40, db_index=True)
    occurred_at = models.DateTimeField("Date and time of the incident")
    location = EncryptedTextField("Where it happened")
    circumstances = EncryptedTextField("Brief circumstances")
    other_information = EncryptedTextField("Other safeguarding information", blank=True)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Incident {self.police_reference}"


class Notification(TrackedRecord):
    """What one school (or one local authority) is told about one incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.CharField(max_length=16, choices=Recipient.choices, default=Recipient.SCHOOL)
    establishment = optional_link("estate.Establishment", related_name="encompass_notifications")
    la_code = models.CharField(max_length=10, blank=True)
    la_name = models.CharField(max_length=100, blank=True)
    due_at = models.DateTimeField(
        "Due before", db_index=True, help_text="The start of the next school day."
    )
    notified_at = time_stamp()
    delivery = models.CharField(max_length=16, choices=Delivery.choices, blank=True)
    delivered_to = models.CharField(max_length=300, blank=True)
    first_read_at = time_stamp()
    first_read_by = user_stamp()
    acknowledged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    acknowledged_by = user_stamp()
    support_given = EncryptedTextField("Support the school gave", blank=True)
    escalated_at = time_stamp()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            implies(
                Q(recipient=Recipient.SCHOOL),
                Q(establishment__isnull=False),
                name="encompass_school_notice_has_school",
                message="A notification to a school must name the school.",
            ),
            implies(
                Q(recipient=Recipient.LOCAL_AUTHORITY),
                Q(establishment__isnull=True) & ~Q(la_code=""),
                name="encompass_la_notice_has_la",
                message="A notification to a local authority must name it.",
            ),
            models.UniqueConstraint(
                fields=["incident", "establishment"],
                condition=Q(establishment__isnull=False),
                name="encompass_one_notice_per_school_per_incident",
            ),
            models.UniqueConstraint(
                fields=["incident", "la_code"],
                condition=Q(recipient=Recipient.LOCAL_AUTHORITY),
                name="encompass_one_notice_per_la_per_incident",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "due_at"], name="encompass_school_due_idx"),
        ]

    def __str__(self) -> str:
        to = self.establishment.name if self.establishment_id else self.la_name
        return f"Encompass notification {self.pk} to {to}"

    @property
    def recipient_name(self) -> str:
        if self.establishment_id:
            return self.establishment.name
        return f"{self.la_name} children's services"

    @property
    def on_time(self) -> bool | None:
        """Was the school told before the start of the next school day?"""
        if self.notified_at is None:
            return None
        return self.notified_at <= self.due_at


class Child(models.Model):
    """One child named in a notification, with their voice."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="children"
    )
    first_name = EncryptedTextField()
    last_name = EncryptedTextField()
    date_of_birth = models.DateField()
    name_key = models.CharField(max_length=64, db_index=True, editable=False)
    presence = models.CharField(max_length=20, choices=Presence.choices)
    where = models.CharField(
        "Where the child was", max_length=200, blank=True, help_text="For example: upstairs."
    )
    spoken_to = models.BooleanField(default=True)
    childs_words = EncryptedTextField("What the child said", blank=True)
    others_present = EncryptedTextField("Who else was there when the child spoke", blank=True)
    not_spoken_reason = models.CharField(max_length=16, choices=NotSpokenReason.choices, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                name="encompass_child_not_spoken_has_reason",
                condition=Q(spoken_to=True) | ~Q(not_spoken_reason=""),
                violation_error_message="Say why the child was not spoken to.",
            ),
        ]

    def __str__(self) -> str:
        return f"Child {self.pk} of notification {self.notification_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = name_key(self.first_name, self.last_name, self.date_of_birth)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
