"""Saved allocation plans and redeployment scenarios.

Business rule: a plan, like a scenario, is saved with its inputs (weights, method, officer
numbers, the factor values used) and its result (`SavedRun`), so any past plan can be shown and
explained again. Adopting a plan writes the named officers into workforce.SchoolAssignment.
"""

from __future__ import annotations

from django.db import models

from saferschools.core.fields import NEWEST_FIRST, optional_link, time_stamp, user_stamp
from saferschools.core.models import SolveOutcome


class SavedRun(models.Model):
    """What the planner keeps of a run (a plan, a scenario): its name, who made it and when, the
    inputs it was given and the result it gave, so that any past run can be shown and explained
    again."""

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = user_stamp()
    inputs = models.JSONField(default=dict)
    result = models.JSONField(default=dict)

    class Meta:
        abstract = True
        ordering = NEWEST_FIRST

    def __str__(self) -> str:
        return self.name


class Plan(SavedRun, SolveOutcome):
    class Status(models.TextChoices):
        DRAFT = "draft"
        ADOPTED = "adopted"
        SUPERSEDED = "superseded"

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    method = models.CharField(max_length=40)
    officers = models.PositiveIntegerField()
    sergeants = models.PositiveIntegerField()
    adopted_at = time_stamp()
    adopted_by = user_stamp()

    class Meta(SavedRun.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="adopted"),
                name="allocation_one_adopted_plan",
                violation_error_message="Only one plan can be adopted at a time.",
            )
        ]

    @property
    def document(self) -> dict:
        return self.result


class Scenario(SavedRun):
    """A redeployment scenario: officers taken away for a period, and what that costs."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scenarios")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    committed_at = time_stamp()
    committed_by = user_stamp()


class CrimeSeverity(models.Model):
    """Harm weight of one police.uk crime type in the crime demand factor (default 1).

    Used only when recorded crime is held for every district; otherwise the IoD2019 crime
    domain stands in and these weights have no effect (the plan says which was used).
    """

    crime_type = models.CharField(max_length=80, unique=True)
    weight = models.FloatField(
        default=1.0, help_text="Harm weight: 1 = ordinary, 3 = three times as harmful."
    )

    class Meta:
        ordering = ["crime_type"]
        verbose_name_plural = "crime severities"
        constraints = [
            models.CheckConstraint(
                name="allocation_severity_weight_not_negative", condition=models.Q(weight__gte=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.crime_type}: {self.weight:g}"


class SecondaryDuty(models.Model):
    """A primary school attached, as a secondary duty, to the named officer of its nearest
    secondary-phase school (written when a plan is adopted)."""

    establishment = models.OneToOneField(
        "estate.Establishment", on_delete=models.CASCADE, related_name="secondary_duty"
    )
    via = models.ForeignKey(
        "estate.Establishment",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The nearest secondary-phase school, whose named officer this is.",
    )
    officer = models.ForeignKey(
        "workforce.Officer", on_delete=models.CASCADE, related_name="secondary_duties"
    )
    plan = optional_link(Plan, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"{self.establishment} (secondary duty of {self.officer})"


class ForcePlanning(models.Model):
    """A force's default planning: demand weights, apportionment method and planning rules.

    Business rule: a new plan starts from these (a planner may change them for that plan, and
    the plan saves what it used). Calibrating to the force's current allocation
    (`saferschools calibrate`, /plans/calibrate/) can save the fitted weights and method here;
    `calibration` keeps the fit they came from (how close it was, which districts differed)."""

    force = models.OneToOneField("estate.Force", on_delete=models.CASCADE, related_name="planning")
    method = models.CharField(max_length=40, default="webster")
    weights = models.JSONField(default=dict, blank=True)
    rules = models.JSONField(default=dict, blank=True)
    calibration = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = user_stamp()

    class Meta:
        verbose_name_plural = "force planning defaults"

    def __str__(self) -> str:
        return f"Planning defaults of {self.force}"
