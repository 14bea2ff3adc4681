"""The programme's people and who is named for which school.

Business rule: every open secondary-phase establishment has exactly one named officer
(`SchoolAssignment`, one row per school, enforced by a unique constraint). While the named
officer is away (leave, redeployment) a `CoverAssignment` names who covers, for which dates.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from saferschools.core.constraints import not_before
from saferschools.core.fields import optional_link

from .choices import CoverReason, Rank


class Officer(models.Model):
    collar_number = models.CharField(max_length=20, unique=True)
    rank = models.CharField(max_length=8, choices=Rank.choices, default=Rank.CONSTABLE)
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    district = optional_link("estate.District", on_delete=models.SET_NULL, related_name="officers")
    division = optional_link("estate.Division", on_delete=models.SET_NULL, related_name="officers")
    sergeant = optional_link(
        "self",
        on_delete=models.SET_NULL,
        related_name="team",
        limit_choices_to={"rank": Rank.SERGEANT},
        help_text="The sergeant whose team this officer is in.",
    )
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, default=40)
    is_active = models.BooleanField(default=True)
    published_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="How the force publishes this officer on the public pages (e.g. 'PC Jones').",
    )
    published_contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="The contact route the force publishes (a team mailbox, not a personal one).",
    )
    work_email = models.EmailField(blank=True, help_text="The officer's work e-mail address.")
    work_phone = models.CharField(max_length=30, blank=True, help_text="Work (mobile) phone.")
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} {self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        return f"{self.rank} {self.first_name[:1]}. {self.last_name}"

    @property
    def public_name(self) -> str:
        return self.published_name or f"{self.rank} {self.last_name}"

    @property
    def contact_team(self) -> Team | None:
        """The team this officer is in, for its contact details: their sergeant's `Team` (a
        sergeant's own). (`team`, the reverse of `sergeant`, is a sergeant's officers.)"""
        lead = self if self.rank == Rank.SERGEANT else self.sergeant
        return getattr(lead, "led_team", None) if lead is not None else None

    @property
    def public_contact(self) -> str:
        """What the public pages and letters show: the published route, else the team's
        mailbox and phone, else the officer's work e-mail."""
        if self.published_contact:
            return self.published_contact
        team = self.contact_team
        if team is not None and (team.email or team.phone):
            return team.contact_line
        return self.work_email


class Team(models.Model):
    """A sergeant's team of schools officers, with the shared contact details the force
    publishes (a team mailbox and phone rather than one officer's own)."""

    sergeant = models.OneToOneField(
        Officer,
        on_delete=models.CASCADE,
        related_name="led_team",
        limit_choices_to={"rank": Rank.SERGEANT},
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True, help_text="The team's shared mailbox.")
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_line(self) -> str:
        return ", ".join(x for x in (self.email, self.phone) if x)


class SchoolAssignment(models.Model):
    """The named officer of one school: its single point of contact."""

    establishment = models.OneToOneField(
        "estate.Establishment", on_delete=models.CASCADE, related_name="named_assignment"
    )
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="named_schools")
    since = models.DateField(default=dt.date.today)
    plan = optional_link("allocation.Plan", on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"{self.establishment} → {self.officer}"


class NamedOfficerPeriod(models.Model):
    """History of who was a school's named officer, and when (for "days without a named
    officer" and for explaining any past month). Written whenever a plan is adopted; the open
    period (no end) always matches the school's current `SchoolAssignment`."""

    establishment = models.ForeignKey(
        "estate.Establishment", on_delete=models.CASCADE, related_name="named_periods"
    )
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="named_periods")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    plan = optional_link("allocation.Plan", on_delete=models.SET_NULL)

    class Meta:
        ordering = ["establishment_id", "start"]
        constraints = [
            not_before(
                "end", "start", name="workforce_named_period_ends_after_start", optional=True
            ),
            models.UniqueConstraint(
                fields=["establishment"],
                condition=Q(end__isnull=True),
                name="workforce_one_open_named_period_per_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} named for {self.establishment} from {self.start}"


class CoverAssignmentQuerySet(models.QuerySet["CoverAssignment"]):
    def active_on(self, day: dt.date) -> CoverAssignmentQuerySet:
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class CoverAssignment(models.Model):
    """Who covers a school while its named officer is away."""

    establishment = models.ForeignKey(
        "estate.Establishment", on_delete=models.CASCADE, related_name="cover_assignments"
    )
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="covered_schools")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=20, choices=CoverReason.choices)
    scenario = optional_link("allocation.Scenario", on_delete=models.SET_NULL)

    objects = CoverAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            not_before("end", "start", name="workforce_cover_ends_after_start", optional=True)
        ]

    def __str__(self) -> str:
        return f"{self.officer} covers {self.establishment} from {self.start}"
