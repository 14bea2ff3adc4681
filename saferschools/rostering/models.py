"""Rostering data: the school calendar, shifts, availability, rule parameters and saved rosters.

Business rules:
- **Calendar.** A `SchoolYear` (academic year starting in September) holds its `TermPeriod`s;
  `saferschools calendar-default --year 2026` writes the standard English year (three terms each
  split by a half-term) and the England bank holidays; a force replaces the term dates with its
  county's published ones (Django admin or the calendar page). A year with no rows falls back to
  the standard generator when a roster is built (the roster's document says which was used).
  `SchoolClosure` closes every school (`establishment` empty) or one school (an INSET day).
- **Shifts** are data (`ShiftType`: early, day, late with times and the flags the rules use).
- **Availability.** `Absence` (annual leave, sickness, training, court, redeployment) covers a date
  range; `Contract` holds a part-time pattern (max days/hours a week, fixed days off). An officer
  without a contract row is full time unless `Officer.hours_per_week` is below
  `FULL_TIME_HOURS`, in which case the hours cap and `ceil(hours / 8)` days a week apply.
- **Rules** (`RosterRules`, one row) are the engine's limits and weights; every roster's document
  carries the rules it was built under.
- **Rosters** are saved with the JSON document (inputs and shifts, `saferschools.roster/1`), so
  any roster can be checked again by the independent checker; `RosterShift` rows index the shifts.
  A re-roster saves a new version (`previous` points at the roster it repaired) and supersedes it.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from saferschools.core.constraints import not_before
from saferschools.core.fields import NEWEST_FIRST, optional_link, time_stamp, user_stamp
from saferschools.core.models import SolveOutcome

from .engine.domain import Rules as EngineRules

#: The engine's rules as it has them by default: where `RosterRules` starts from.
ENGINE_RULES = EngineRules()

#: Weekly hours of a full-time officer (Police Regulations: 40 hours over 5 days).
FULL_TIME_HOURS = 40


class SchoolYear(models.Model):
    class Source(models.TextChoices):
        STANDARD = "standard", "Standard English school year (generated)"
        PUBLISHED = "published", "County's published term dates"

    academic_year = models.PositiveIntegerField(
        unique=True, help_text="The calendar year in which the academic year starts (September)."
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.STANDARD)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["academic_year"]

    def __str__(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"


class TermPeriod(models.Model):
    """Days when schools are open on weekdays (both ends inclusive)."""

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=60)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start"]
        constraints = [
            not_before("end", "start", name="rostering_term_ends_after_start"),
            models.UniqueConstraint(fields=["year", "name"], name="rostering_term_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%d %b %Y} to {self.end:%d %b %Y})"


class BankHoliday(models.Model):
    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d %b %Y})"


class SchoolClosure(models.Model):
    """A term day when every school (no establishment) or one school is closed."""

    date = models.DateField()
    establishment = optional_link(
        "estate.Establishment",
        on_delete=models.CASCADE,
        related_name="closures",
        help_text="Leave empty to close every school (a force-wide closure).",
    )
    reason = models.CharField(max_length=100, default="INSET day")

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "establishment"], name="rostering_closure_unique_school_day"
            )
        ]

    def __str__(self) -> str:
        where = self.establishment or "every school"
        return f"{self.date:%d %b %Y}: {where} closed ({self.reason})"


class ShiftType(models.Model):
    """A shift pattern; an end at or before the start ends the next day."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=40)
    start = models.TimeField()
    end = models.TimeField()
    school_hours = models.BooleanField(default=False, help_text="Counts as being in school.")
    youth_cover = models.BooleanField(default=False, help_text="Counts as holiday youth cover.")
    late = models.BooleanField(default=False, help_text="A late shift (fairness, weekend cover).")
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "start"]

    def __str__(self) -> str:
        return f"{self.code} {self.name} {self.start:%H:%M}-{self.end:%H:%M}"


class Contract(models.Model):
    """An officer's working pattern; no row (or no limits) means full time."""

    officer = models.OneToOneField(
        "workforce.Officer", on_delete=models.CASCADE, related_name="roster_contract"
    )
    max_days_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    max_hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    fixed_days_off = models.JSONField(
        default=list, blank=True, help_text="Weekdays never worked: 0 = Monday ... 6 = Sunday."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="rostering_contract_days_1_to_7",
                condition=Q(max_days_per_week__isnull=True)
                | Q(max_days_per_week__gte=1, max_days_per_week__lte=7),
            )
        ]

    def __str__(self) -> str:
        return f"Contract of {self.officer}"


class AbsenceReason(models.TextChoices):
    ANNUAL_LEAVE = "annual_leave", "Annual leave"
    SICKNESS = "sickness"
    TRAINING = "training"
    COURT = "court"
    REDEPLOYED = "redeployed"
    REST_DAY = "rest_day", "Rest day (request)"
    OTHER = "other"


class AbsenceSource(models.TextChoices):
    """Where an absence came from: the one source of truth for availability has many doors."""

    MANUAL = "manual", "Recorded by a sergeant or the programme lead"
    SCENARIO = "scenario", "Committed redeployment scenario"
    REQUEST = "request", "Approved officer's request"


class Absence(models.Model):
    """A day range an officer is not available for the roster. Every kind of unavailability
    (leave, sickness, training, court, a committed redeployment, an approved rest-day request)
    is one of these rows, so the roster respects one source of truth."""

    officer = models.ForeignKey(
        "workforce.Officer", on_delete=models.CASCADE, related_name="absences"
    )
    start = models.DateField()
    end = models.DateField()
    reason = models.CharField(max_length=16, choices=AbsenceReason.choices)
    note = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=10, choices=AbsenceSource.choices, default=AbsenceSource.MANUAL
    )
    source_ref = models.CharField(
        max_length=40, blank=True, help_text="The scenario or request it came from."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = user_stamp()

    class Meta:
        ordering = ["start", "officer_id"]
        constraints = [not_before("end", "start", name="rostering_absence_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.officer}: {self.get_reason_display()} {self.start} to {self.end}"

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=k) for k in range((self.end - self.start).days + 1)]


class RosterRules(models.Model):
    """The rule parameters (one row, `RosterRules.current()`); defaults are the engine's."""

    min_rest_hours = models.PositiveSmallIntegerField(default=ENGINE_RULES.min_rest_hours)
    rest_days_per_week = models.PositiveSmallIntegerField(default=ENGINE_RULES.rest_days_per_week)
    max_consecutive_days = models.PositiveSmallIntegerField(
        default=ENGINE_RULES.max_consecutive_days
    )
    max_average_weekly_hours = models.PositiveSmallIntegerField(
        default=ENGINE_RULES.max_average_weekly_hours
    )
    reference_period_weeks = models.PositiveSmallIntegerField(
        default=ENGINE_RULES.reference_period_weeks
    )
    absence_work_hours = models.PositiveSmallIntegerField(default=ENGINE_RULES.absence_work_hours)
    named_presence_min_share = models.FloatField(default=ENGINE_RULES.named_presence_min_share)
    weekend_early_and_late = models.BooleanField(default=ENGINE_RULES.weekend_early_and_late)
    weight_named_officer_absent = models.PositiveIntegerField(
        default=ENGINE_RULES.weights.named_officer_absent
    )
    weight_weekend_early_and_late = models.PositiveIntegerField(
        default=ENGINE_RULES.weights.weekend_early_and_late
    )
    weight_fairness_weekends = models.PositiveIntegerField(
        default=ENGINE_RULES.weights.fairness_weekends
    )
    weight_fairness_lates = models.PositiveIntegerField(default=ENGINE_RULES.weights.fairness_lates)
    weight_fairness_bank_holidays = models.PositiveIntegerField(
        default=ENGINE_RULES.weights.fairness_bank_holidays
    )
    weight_sergeant_outside_division = models.PositiveIntegerField(
        default=ENGINE_RULES.weights.sergeant_outside_division
    )

    class Meta:
        verbose_name_plural = "roster rules"

    def __str__(self) -> str:
        return "Roster rules"

    @classmethod
    def current(cls) -> RosterRules:
        obj = cls.objects.order_by("pk").first()
        return obj if obj is not None else cls()


class RosterQuerySet(models.QuerySet["Roster"]):
    def published(self) -> RosterQuerySet:
        return self.filter(status=Roster.Status.PUBLISHED)


class Roster(SolveOutcome):
    class Scope(models.TextChoices):
        FORCE = "force", "Whole force"
        DIVISION = "division"
        TEAM = "team", "Sergeant's team"

    class Status(models.TextChoices):
        DRAFT = "draft"
        PUBLISHED = "published"
        SUPERSEDED = "superseded"

    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.FORCE)
    division = optional_link("estate.Division")
    sergeant = optional_link("workforce.Officer", help_text="For a team roster: whose team.")
    start = models.DateField()
    end = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    previous = optional_link("self", on_delete=models.SET_NULL, related_name="next_versions")
    reason = models.CharField(max_length=200, blank=True)
    document = models.JSONField(default=dict)
    violations = models.PositiveIntegerField(
        default=0, help_text="Hard-rule violations found by the independent checker when saved."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = user_stamp()
    published_at = time_stamp()

    objects = RosterQuerySet.as_manager()

    class Meta:
        ordering = NEWEST_FIRST
        constraints = [not_before("end", "start", name="rostering_roster_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.scope_label} roster from {self.start:%d %b %Y}, {self.weeks} weeks (v{self.version})"

    @property
    def scope_label(self) -> str:
        if self.scope == self.Scope.DIVISION and self.division_id:
            return f"{self.division} division"
        if self.scope == self.Scope.TEAM and self.sergeant_id:
            return f"{self.sergeant}'s team"
        return "Whole force"

    @property
    def outcome(self) -> str:
        """The solve's honest one-sentence outcome (out of time, gap, proved optimal)."""
        return str(self.document.get("outcome", "")) if isinstance(self.document, dict) else ""


class RosterShift(models.Model):
    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="shifts")
    officer = models.ForeignKey(
        "workforce.Officer", on_delete=models.PROTECT, related_name="roster_shifts"
    )
    district = optional_link("estate.District")
    division = optional_link("estate.Division")
    date = models.DateField()
    shift_code = models.CharField(max_length=4)
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        ordering = ["date", "officer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "officer", "date"], name="rostering_one_shift_per_officer_day"
            )
        ]
        indexes = [models.Index(fields=["officer", "date"])]

    def __str__(self) -> str:
        return f"{self.officer} {self.date} {self.shift_code}"


class CalendarFeed(models.Model):
    """An officer's private iCalendar subscription URL (shifts and school visits).

    The token is the only credential (calendar apps cannot sign in), so it is long and random,
    stored hashed, shown once, and revoked by the officer or their sergeant; a new feed revokes
    the old one.
    """

    officer = models.ForeignKey(
        "workforce.Officer", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = time_stamp()
    last_used_at = time_stamp()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer"],
                condition=Q(revoked_at__isnull=True),
                name="rostering_one_live_feed_per_officer",
            )
        ]

    def __str__(self) -> str:
        state = "revoked" if self.revoked_at else "live"
        return f"Calendar feed of {self.officer} ({state})"


class RosterRequest(models.Model):
    """An officer's request to change their published roster: a day off, or a swap of days with
    a colleague of the same district. The roster's checker says what it would break (rules, a
    school or district left without cover); the colleague agrees to a swap; the sergeant decides.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", "Day off"
        SWAP = "swap", "Swap with a colleague"

    class Status(models.TextChoices):
        AWAITING_COLLEAGUE = "awaiting_colleague", "Waiting for the colleague"
        PENDING = "pending", "Waiting for the sergeant"
        APPROVED = "approved"
        REFUSED = "refused"
        WITHDRAWN = "withdrawn"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    officer = models.ForeignKey(
        "workforce.Officer", on_delete=models.CASCADE, related_name="roster_requests"
    )
    date = models.DateField()
    colleague = optional_link(
        "workforce.Officer", on_delete=models.CASCADE, related_name="roster_requests_received"
    )
    colleague_date = models.DateField(
        null=True, blank=True, help_text="For a swap: the colleague's day (may be the same day)."
    )
    note = models.CharField(max_length=200, blank=True)
    roster = models.ForeignKey(
        Roster, on_delete=models.PROTECT, related_name="requests", help_text="Assessed against."
    )
    assessment = models.JSONField(default=dict)
    result_roster = optional_link(Roster, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = user_stamp()
    decided_at = time_stamp()
    decided_by = user_stamp()
    decision_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = NEWEST_FIRST
        constraints = [
            models.CheckConstraint(
                name="rostering_request_swap_has_colleague",
                condition=Q(kind="day_off")
                | Q(colleague__isnull=False, colleague_date__isnull=False),
            )
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SWAP:
            return f"{self.officer} swap {self.date} with {self.colleague} {self.colleague_date}"
        return f"{self.officer} day off {self.date}"
