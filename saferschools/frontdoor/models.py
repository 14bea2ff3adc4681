"""The front door: public messages, the young people's survey, and the resource library.

Business rules:
- a message sent through the public "ask for help" form IS an engagement `SchoolRequest`
  (source PUBLIC): it lands in the officer's own inbox. `PublicMessage` adds only what the front
  door needs: who sent it (young person, parent, someone at the school), which officer it was
  routed to (the named officer, or the cover officer when one covers the school that day) and
  whether it has been escalated to a sergeant (once per message, never repeated);
- the survey is anonymous: a response holds the school, the day and ticked choices only, no
  free text and nothing about the device or the person. Figures from it are only ever
  published through disclosure control (no count below 5, secondary suppression);
- a resource has numbered versions; only a version the programme lead (an inspector) approved
  is shown to schools, and approving one supersedes the last, so every school hears one
  message; officers record where they delivered which version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from saferschools.core.fields import optional_link, time_stamp, user_stamp

from .choices import ResourceTopic, SafeAnswer, Sender, TalkAnswer, VersionStatus, YesNo


class PublicMessage(models.Model):
    """The front door's part of a public message; the message itself is the SchoolRequest."""

    request = models.OneToOneField(
        "engagement.SchoolRequest", on_delete=models.CASCADE, related_name="public_message"
    )
    sender = models.CharField(max_length=14, choices=Sender.choices)
    routed_to = optional_link(
        "workforce.Officer",
        on_delete=models.SET_NULL,
        help_text="The officer told of it: the named officer, or the cover officer that day.",
    )
    routed_as_cover = models.BooleanField(default=False)
    escalated_at = time_stamp()
    escalated_to = user_stamp()
    high_volume = models.BooleanField(
        default=False,
        help_text="Arrived while the school's form was receiving unusually many messages "
        "(delivered all the same; the inspectors were alerted to check for abuse).",
    )

    def __str__(self) -> str:
        return f"Public message {self.request_id}"


class SurveyResponse(models.Model):
    """One anonymous answer to the young people's survey (no free text, no identifiers)."""

    school = models.ForeignKey(
        "estate.Establishment", on_delete=models.CASCADE, related_name="survey_responses"
    )
    answered_on = models.DateField(default=timezone.localdate, db_index=True)
    safe_in_school = models.CharField(max_length=8, choices=SafeAnswer.choices)
    safe_around_school = models.CharField(max_length=8, choices=SafeAnswer.choices)
    know_officer = models.CharField(max_length=3, choices=YesNo.choices)
    would_talk = models.CharField(max_length=5, choices=TalkAnswer.choices)
    worry_bullying = models.BooleanField(default=False)
    worry_knives = models.BooleanField(default=False)
    worry_gangs = models.BooleanField(default=False)
    worry_online = models.BooleanField(default=False)
    worry_drugs = models.BooleanField(default=False)
    worry_journey = models.BooleanField(default=False)
    worry_other = models.BooleanField(default=False)
    worry_none = models.BooleanField(default=False)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-answered_on"]

    def __str__(self) -> str:
        return f"Survey answer for {self.school_id} on {self.answered_on}"


class Resource(models.Model):
    """A PSHE or awareness resource (its text lives in its versions)."""

    title = models.CharField(max_length=150)
    topic = models.CharField(max_length=14, choices=ResourceTopic.choices)
    summary = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = user_stamp()

    class Meta:
        ordering = ["topic", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> ResourceVersion | None:
        return self.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()


class ResourceVersion(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    age_min = models.PositiveSmallIntegerField(help_text="Youngest age it is written for.")
    age_max = models.PositiveSmallIntegerField(help_text="Oldest age it is written for.")
    content = models.TextField(help_text="The lesson plan or key messages.")
    link = models.URLField(blank=True, help_text="Where the slides or handouts are kept.")
    change_note = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = user_stamp()
    approved_at = time_stamp()
    approved_by = user_stamp()

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="frontdoor_version_number_unique"
            ),
            models.CheckConstraint(
                name="frontdoor_version_age_range",
                condition=Q(age_min__lte=F("age_max")) & Q(age_min__gte=4) & Q(age_max__lte=19),
                violation_error_message="Give an age range from 4 to 19, youngest first.",
            ),
            models.CheckConstraint(
                name="frontdoor_version_approved_has_approver",
                condition=Q(status=VersionStatus.DRAFT) | Q(approved_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource.title}, version {self.number}"


class ResourceDelivery(models.Model):
    """An officer delivered an approved version of a resource at a school."""

    version = models.ForeignKey(
        ResourceVersion, on_delete=models.PROTECT, related_name="deliveries"
    )
    school = models.ForeignKey(
        "estate.Establishment", on_delete=models.PROTECT, related_name="resource_deliveries"
    )
    delivered_on = models.DateField()
    session = optional_link(
        "engagement.Session", on_delete=models.SET_NULL, related_name="resource_deliveries"
    )
    audience = models.PositiveIntegerField(null=True, blank=True, help_text="How many were there.")
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-delivered_on"]
        verbose_name_plural = "resource deliveries"

    def __str__(self) -> str:
        return f"{self.version} at {self.school_id} on {self.delivered_on}"
