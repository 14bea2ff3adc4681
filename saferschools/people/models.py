"""Bringing people on board, and officers' moves.

Business rules:
- an invitation is a one-time link: only a hash of its token is stored, it expires
  (`settings.INVITATION_VALID_DAYS`), is used once, and a new one for the same person
  withdraws the old;
- a person signs in by single sign-on only through an identity pinned to an existing account
  (`ExternalIdentity`); a claim never creates an account or gives a role;
- when an officer leaves or moves district, a `Movement` holds the proposed new named officer
  for each of their schools until the sergeant confirms it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from saferschools.core.constraints import after, implies
from saferschools.core.fields import NEWEST_FIRST, optional_link, time_stamp, user_stamp

from .choices import MovementKind, MovementStatus, SchoolPosition


class Invitation(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = user_stamp()
    expires_at = models.DateTimeField()
    used_at = time_stamp()
    withdrawn_at = time_stamp()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            after("expires_at", "created_at", name="people_invitation_expires_after_creation")
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.user} ({self.email})"

    @property
    def is_open(self) -> bool:
        return (
            self.used_at is None and self.withdrawn_at is None and self.expires_at > timezone.now()
        )


class SchoolStaffPost(models.Model):
    """The post a school person holds (headteacher, DSL or deputy DSL) at their school."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_post"
    )
    position = models.CharField(max_length=16, choices=SchoolPosition.choices)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_position_display()}"


class ExternalIdentity(models.Model):
    """An identity at the force's OpenID Connect provider, pinned to one existing account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = time_stamp()

    class Meta:
        verbose_name_plural = "external identities"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="people_one_account_per_external_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer} → {self.user}"


class Movement(models.Model):
    """An officer leaving the programme or moving district, and who takes their schools."""

    officer = models.ForeignKey(
        "workforce.Officer", on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(max_length=8, choices=MovementKind.choices)
    effective = models.DateField(help_text="The first day the officer is no longer named.")
    to_district = optional_link("estate.District")
    status = models.CharField(
        max_length=10, choices=MovementStatus.choices, default=MovementStatus.PROPOSED
    )
    #: [{"establishment": pk, "urn": str, "name": str, "proposed_officer": pk | None}]
    proposal = models.JSONField(default=list)
    proposal_source = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = user_stamp()
    confirmed_at = time_stamp()
    confirmed_by = user_stamp()

    class Meta:
        ordering = NEWEST_FIRST
        constraints = [
            implies(
                Q(kind=MovementKind.MOVER),
                Q(to_district__isnull=False),
                name="people_mover_has_new_district",
                message="A move needs the district the officer moves to.",
            ),
            implies(
                Q(status=MovementStatus.CONFIRMED),
                Q(confirmed_at__isnull=False),
                name="people_confirmed_movement_has_confirmer",
            ),
            models.UniqueConstraint(
                fields=["officer"],
                condition=Q(status=MovementStatus.PROPOSED),
                name="people_one_open_movement_per_officer",
                violation_error_message="This officer already has a move waiting for the sergeant.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer}: {self.get_kind_display()} from {self.effective}"
