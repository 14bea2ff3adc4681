"""Engagement with schools: contacts with school leaders, requests from schools and the public,
PSHE and awareness sessions, youth activities.

Business rules:
- a school request has a reference code, a source (school staff, the public form, an officer)
  and a target response time by priority (urgent 24 hours, normal 72 hours); the time to first
  response is measured and compared with the target;
- a request is a conversation: `RequestMessage` rows are its inbox thread, so the public front
  door and school staff can follow it;
- free text is encrypted at rest; every record carries a retention review date.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.validators import EmailValidator
from django.db import models
from django.db.models import Q

from saferschools.casework.choices import YearGroup
from saferschools.core.constraints import implies, not_before
from saferschools.core.fields import EncryptedTextField, optional_link, time_stamp, user_stamp
from saferschools.core.records import TrackedRecord

from .choices import (
    TARGET_HOURS,
    ActivityKind,
    ContactKind,
    ContactWith,
    RequestPriority,
    RequestSource,
    RequestStatus,
    RequestTopic,
    SessionKind,
    SessionTopic,
)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A short code people can read out on the phone (no 0/O, 1/I)."""
    return "REQ-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class SchoolContact(TrackedRecord):
    """A contact between a schools officer and a school's leaders."""

    school = models.ForeignKey(
        "estate.Establishment", on_delete=models.PROTECT, related_name="engagement_contacts"
    )
    contact_on = models.DateField()
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    contact_with = models.CharField(max_length=16, choices=ContactWith.choices)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-contact_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.get_contact_with_display()}"


class SchoolRequest(TrackedRecord):
    """A request for help from a school or the public, with its target and response time."""

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    school = models.ForeignKey(
        "estate.Establishment", on_delete=models.PROTECT, related_name="engagement_requests"
    )
    source = models.CharField(max_length=8, choices=RequestSource.choices)
    topic = models.CharField(max_length=14, choices=RequestTopic.choices)
    priority = models.CharField(
        max_length=8, choices=RequestPriority.choices, default=RequestPriority.NORMAL
    )
    subject = models.CharField(max_length=150)
    message = EncryptedTextField()
    # Who asked (a member of the public, often a parent or a child): encrypted at rest like
    # the message, so a database dump does not identify them.
    requester_name = EncryptedTextField(max_length=120, blank=True)
    requester_email = EncryptedTextField(max_length=254, blank=True, validators=[EmailValidator()])
    requester_phone = EncryptedTextField(max_length=30, blank=True)
    requester_user = user_stamp(editable=False)
    received_at = models.DateTimeField(editable=False)
    target_response_hours = models.PositiveSmallIntegerField(editable=False)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default="new")
    first_response_at = time_stamp(editable=False)
    closed_at = time_stamp(editable=False)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            implies(
                Q(source=RequestSource.PUBLIC),
                ~Q(requester_email="") | ~Q(requester_phone=""),
                name="engagement_request_public_has_contact",
                message="Give an e-mail address or phone number for the reply.",
            ),
            not_before(
                "first_response_at",
                "received_at",
                name="engagement_request_response_after_receipt",
                optional=True,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    def derive(self) -> None:
        if not self.target_response_hours:
            self.target_response_hours = TARGET_HOURS[RequestPriority(self.priority)]

    @property
    def due_at(self):  # noqa: ANN201
        return self.received_at + timedelta(hours=self.target_response_hours)

    @property
    def response_hours(self) -> float | None:
        if not self.first_response_at:
            return None
        return round((self.first_response_at - self.received_at).total_seconds() / 3600, 1)

    @property
    def met_target(self) -> bool | None:
        hours = self.response_hours
        return None if hours is None else hours <= self.target_response_hours


class RequestMessage(models.Model):
    """One message in a request's thread (the inbox the public front door can use)."""

    request = models.ForeignKey(SchoolRequest, on_delete=models.CASCADE, related_name="messages")
    at = models.DateTimeField()
    author = user_stamp()
    from_requester = models.BooleanField(default=False)
    body = EncryptedTextField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"Message on {self.request_id} at {self.at:%d %b %Y %H:%M}"


class Session(TrackedRecord):
    """A PSHE lesson, assembly or awareness session delivered at a school."""

    school = models.ForeignKey(
        "estate.Establishment", on_delete=models.PROTECT, related_name="engagement_sessions"
    )
    delivered_on = models.DateField()
    kind = models.CharField(max_length=10, choices=SessionKind.choices)
    topic = models.CharField(max_length=16, choices=SessionTopic.choices)
    year_group = models.PositiveSmallIntegerField(choices=YearGroup.choices, null=True, blank=True)
    attendance = models.PositiveIntegerField()
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-delivered_on"]
        constraints = [
            models.CheckConstraint(
                name="engagement_session_attendance_plausible",
                condition=Q(attendance__lte=5000),
                violation_error_message="Attendance looks too large: enter the number present.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.get_kind_display()})"


class YouthActivity(TrackedRecord):
    """Youth activities and holiday clubs the programme runs or supports."""

    kind = models.CharField(max_length=14, choices=ActivityKind.choices)
    title = models.CharField(max_length=150)
    school = optional_link("estate.Establishment", related_name="youth_activities")
    district = optional_link("estate.District")
    partner = models.CharField(max_length=120, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    sessions = models.PositiveSmallIntegerField(default=1)
    attendance = models.PositiveIntegerField(default=0, help_text="Total attendances.")

    class Meta:
        ordering = ["-starts_on"]
        verbose_name_plural = "youth activities"
        constraints = [
            not_before(
                "ends_on",
                "starts_on",
                name="engagement_activity_ends_after_start",
                optional=True,
                message="The end date must be on or after the start date.",
            ),
            models.CheckConstraint(
                name="engagement_activity_has_place",
                condition=Q(school__isnull=False) | Q(district__isnull=False),
                violation_error_message="Choose the school or district the activity serves.",
            ),
        ]

    def __str__(self) -> str:
        return self.title
