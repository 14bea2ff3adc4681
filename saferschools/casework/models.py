"""Casework: young people known to the programme and the safeguarding records about them.

Business rules (each enforced in the database first, then `clean()`, then the services):
- a young person's record holds the minimum personal data, and the lawful basis for holding it;
- linked children (siblings, peers in one concern) are links between records, never copies;
- a concern cannot be closed without the child's own view, or why it could not be had;
- a strip search (more than outer clothing) needs an appropriate adult AND an authorising
  officer of inspector rank or above;
- a referral records the consent of the child or a parent, or who overrode its absence and why;
- an arrest or criminal-justice outcome for a child on school premises is flagged for a
  sergeant's review;
- free text about a child (their words, details, notes) is encrypted at rest.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from saferschools.core.constraints import implies, not_before
from saferschools.core.fields import EncryptedTextField, optional_link, time_stamp, user_stamp
from saferschools.core.records import TrackedRecord

from .choices import (
    CRIMINAL_JUSTICE_OUTCOMES,
    AuthorisingRank,
    ConcernCategory,
    ConcernStatus,
    Consent,
    Ethnicity,
    InterventionKind,
    InterventionStatus,
    Lac,
    LawfulBasis,
    LinkKind,
    PoliceOutcome,
    RaisedBy,
    ReferralService,
    ReferralStatus,
    ReportedBy,
    RetentionAction,
    RiskLevel,
    SearchExtent,
    SearchLocation,
    SearchOutcome,
    SearchPower,
    SearchReason,
    Sen,
    Sex,
    YearGroup,
    YesNoUnknown,
)


def plausible_datetime(value: dt.datetime) -> None:
    """Events are recorded from 2000 up to now (a day's leeway for clocks)."""
    from django.utils import timezone

    if value is None:
        return
    if value.year < 2000 or value > timezone.now() + dt.timedelta(days=1):
        raise ValidationError("Enter a date and time between 2000 and now.")


def plausible_date(value: dt.date) -> None:
    """Working dates lie between 2000 and five years ahead."""
    if value is None:
        return
    if value.year < 2000 or value > dt.date.today() + dt.timedelta(days=5 * 366):
        raise ValidationError("Enter a date between 2000 and five years from now.")


#: Hours after a search within which a parent must be told (see `Search.parent_notice_flag`).
PARENT_NOTICE_HOURS = 24


def normalise_name(*parts: str) -> str:
    """Lower case, accents removed, letters only, single spaces: 'Zoë O'Brien' → 'zoe obrien'."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z\s-]", "", text).replace("-", " ")
    return " ".join(text.split())


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class YoungPerson(TrackedRecord):
    """A child known to the programme: the minimum needed to keep them safe, no more."""

    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    name_key = models.CharField(max_length=170, db_index=True, editable=False)
    date_of_birth = models.DateField()
    school = models.ForeignKey(
        "estate.Establishment", on_delete=models.PROTECT, related_name="young_people"
    )
    year_group = models.PositiveSmallIntegerField(choices=YearGroup.choices)
    sex = models.CharField(max_length=12, choices=Sex.choices)
    ethnicity = models.CharField(
        max_length=32,
        choices=Ethnicity.choices,
        default=Ethnicity.NOT_STATED,
        help_text="Self-defined, ONS 2021 categories.",
    )
    fsm = models.CharField(
        "Free school meals", max_length=10, choices=YesNoUnknown.choices, default="not_known"
    )
    sen = models.CharField(
        "Special educational needs", max_length=12, choices=Sen.choices, default="not_known"
    )
    looked_after = models.CharField(max_length=12, choices=Lac.choices, default=Lac.NOT_KNOWN)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    anonymised_at = time_stamp(editable=False)
    source_ref = models.CharField(
        "Reference in the previous system",
        max_length=64,
        blank=True,
        default="",
        editable=False,
        help_text="Set by the bulk import of history; other kinds' files name the child by it.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "young person"
        verbose_name_plural = "young people"
        indexes = [
            models.Index(fields=["school", "date_of_birth"]),
            # Scoped lists start from the school (issue 17): the list's own order after it.
            models.Index(
                fields=["school", "last_name", "first_name"], name="casework_yp_school_name"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref"],
                condition=~Q(source_ref=""),
                name="casework_youngperson_source_ref_unique",
            ),
            models.CheckConstraint(
                name="casework_youngperson_ethnicity_valid",
                condition=Q(ethnicity__in=Ethnicity.values),
                violation_error_message="Choose an ethnicity from the list.",
            ),
            models.CheckConstraint(
                name="casework_youngperson_lawful_basis_valid",
                condition=Q(lawful_basis__in=LawfulBasis.values),
                violation_error_message="Choose the lawful basis for holding this record.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def derive(self) -> None:
        self.name_key = normalise_name(self.first_name, self.last_name)

    def clean(self) -> None:
        today = dt.date.today()
        if self.date_of_birth:
            if self.date_of_birth > today:
                raise ValidationError({"date_of_birth": "Date of birth must be in the past."})
            if not 4 <= age_on(self.date_of_birth, today) <= 25:
                raise ValidationError(
                    {"date_of_birth": "The programme works with young people aged 4 to 25."}
                )

    @property
    def age(self) -> int:
        return age_on(self.date_of_birth, dt.date.today())


class YoungPersonLink(models.Model):
    """Two children's records linked (siblings, peers in one concern). Stored once per pair."""

    from_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="links_out")
    to_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=12, choices=LinkKind.choices)
    concern = optional_link("Concern", on_delete=models.SET_NULL, related_name="links")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = user_stamp()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="casework_link_not_to_self",
                condition=~Q(from_person=models.F("to_person")),
                violation_error_message="A record cannot be linked to itself.",
            ),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"], name="casework_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person_id} ~ {self.to_person_id} ({self.kind})"


class ChildSnapshot(models.Model):
    """The child's characteristics at the time of an event, kept when the record is anonymised,
    so oversight can measure disproportionality without identities."""

    child_sex = models.CharField(max_length=12, choices=Sex.choices, blank=True, editable=False)
    child_ethnicity = models.CharField(
        max_length=32, choices=Ethnicity.choices, blank=True, editable=False
    )
    child_fsm = models.CharField(
        max_length=10, choices=YesNoUnknown.choices, blank=True, editable=False
    )
    child_sen = models.CharField(max_length=12, choices=Sen.choices, blank=True, editable=False)
    child_looked_after = models.CharField(
        max_length=12, choices=Lac.choices, blank=True, editable=False
    )
    child_age = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    school = models.ForeignKey(
        "estate.Establishment",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    anonymised_at = time_stamp(editable=False)

    class Meta:
        abstract = True

    def snapshot(self, yp: YoungPerson, day: dt.date) -> None:
        self.child_sex = yp.sex
        self.child_ethnicity = yp.ethnicity
        self.child_fsm = yp.fsm
        self.child_sen = yp.sen
        self.child_looked_after = yp.looked_after
        self.child_age = age_on(yp.date_of_birth, day)
        self.school_id = yp.school_id


class Concern(TrackedRecord):
    """A worry recorded about a child."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="concerns")
    #: The child's school, kept equal to `young_person.school` (set on save, moved with the child
    #: by the young person's `services.records.UpdateRule`): scoped lists start from it, so a list costs what the user's
    #: schools hold rather than the force's whole volume (issue 17, decision 215).
    school = models.ForeignKey(
        "estate.Establishment",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        blank=True,  # filled from the child on save
        db_index=False,  # casework_concern_school_list leads with it (and covers the lists)
    )
    category = models.CharField(max_length=20, choices=ConcernCategory.choices)
    raised_by = models.CharField(max_length=10, choices=RaisedBy.choices)
    raised_at = models.DateTimeField(validators=[plausible_datetime])
    risk_level = models.PositiveSmallIntegerField(choices=RiskLevel.choices)
    details = EncryptedTextField("What happened and why it is a worry")
    childs_words = EncryptedTextField("The child's own words", blank=True)
    child_view_not_obtained = EncryptedTextField(
        "Why the child's view could not be had", blank=True
    )
    status = models.CharField(
        max_length=8, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    closed_at = time_stamp()
    closed_by = user_stamp()
    closing_summary = EncryptedTextField(blank=True)
    peers = models.ManyToManyField(YoungPerson, blank=True, related_name="peer_concerns")

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["young_person", "-raised_at"], name="casework_concern_yp_raised"),
            # A scoped list's page and count from this index alone: the school, the order, and
            # what the list filters on or joins by (young person), live concerns only.
            models.Index(
                fields=[
                    "school",
                    "-raised_at",
                    "-id",
                    "young_person",
                    "category",
                    "risk_level",
                    "status",
                ],
                name="casework_concern_school_list",
                condition=Q(deleted_at__isnull=True),
            ),
        ]
        constraints = [
            implies(
                Q(status=ConcernStatus.CLOSED),
                ~Q(childs_words="") | ~Q(child_view_not_obtained=""),
                name="casework_concern_closed_needs_child_voice",
                message=(
                    "Record the child's own words, or why their view could not be had, "
                    "before closing the concern."
                ),
            ),
            implies(
                Q(status=ConcernStatus.CLOSED),
                Q(closed_at__isnull=False),
                name="casework_concern_closed_has_date",
                message="A closed concern needs the date it was closed.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} concern ({self.raised_at:%d %b %Y})"

    @property
    def has_child_voice(self) -> bool:
        return bool(
            (self.childs_words or "").strip() or (self.child_view_not_obtained or "").strip()
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.school_id is None and self.young_person_id is not None:
            self.school_id = self.young_person.school_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.status == ConcernStatus.CLOSED and not self.has_child_voice:
            raise ValidationError(
                {
                    "childs_words": "Record the child's own words, or why their view could "
                    "not be had, before closing the concern."
                }
            )


class Incident(TrackedRecord, ChildSnapshot):
    """An incident reported by a school (or others), and the police action taken."""

    young_person = models.ForeignKey(
        YoungPerson, null=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    occurred_at = models.DateTimeField(validators=[plausible_datetime])
    reported_by = models.CharField(max_length=10, choices=ReportedBy.choices)
    category = models.CharField(max_length=20, choices=ConcernCategory.choices)
    description = EncryptedTextField("What happened")
    childs_words = EncryptedTextField("The child's own words", blank=True)
    on_school_premises = models.BooleanField(default=True)
    outcome = models.CharField(
        "Police outcome",
        max_length=24,
        choices=PoliceOutcome.choices,
        default=PoliceOutcome.PENDING,
    )
    outcome_at = models.DateTimeField(null=True, blank=True, validators=[plausible_datetime])
    sergeant_review_required = models.BooleanField(default=False, editable=False)
    reviewed_by = user_stamp(editable=False)
    reviewed_at = time_stamp(editable=False)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["school", "-occurred_at"], name="casework_incident_school_at"),
            models.Index(fields=["young_person", "-occurred_at"], name="casework_incident_yp_at"),
        ]
        constraints = [
            implies(
                Q(
                    on_school_premises=True,
                    outcome__in=sorted(str(o) for o in CRIMINAL_JUSTICE_OUTCOMES),
                ),
                Q(sergeant_review_required=True),
                name="casework_incident_cj_on_premises_flagged",
                message=(
                    "An arrest or criminal-justice outcome on school premises must be flagged "
                    "for a sergeant's review."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} incident ({self.occurred_at:%d %b %Y})"

    @property
    def needs_review(self) -> bool:
        return self.on_school_premises and self.outcome in CRIMINAL_JUSTICE_OUTCOMES

    def derive(self) -> None:
        if self.needs_review:
            self.sergeant_review_required = True


class Search(TrackedRecord, ChildSnapshot):
    """A search of a pupil (DfE searching, screening and confiscation guidance, 2022)."""

    young_person = models.ForeignKey(
        YoungPerson, null=True, on_delete=models.SET_NULL, related_name="searches"
    )
    searched_at = models.DateTimeField(validators=[plausible_datetime])
    reason = models.CharField(max_length=16, choices=SearchReason.choices)
    grounds = EncryptedTextField("Grounds for the search")
    power = models.CharField(max_length=20, choices=SearchPower.choices)
    location = models.CharField(max_length=10, choices=SearchLocation.choices)
    extent = models.CharField(max_length=20, choices=SearchExtent.choices)
    searched_by_name = models.CharField("Who searched", max_length=120)
    searched_by_is_police = models.BooleanField("Searched by a police officer", default=True)
    others_present = EncryptedTextField("Who else was present", blank=True)
    appropriate_adult_name = models.CharField(max_length=120, blank=True)
    appropriate_adult_role = models.CharField(
        "Appropriate adult's relationship to the child", max_length=120, blank=True
    )
    authorising_officer_name = models.CharField(max_length=120, blank=True)
    authorising_officer_rank = models.CharField(
        max_length=8, choices=AuthorisingRank.choices, blank=True
    )
    items_found = EncryptedTextField(blank=True)
    outcome = models.CharField(max_length=12, choices=SearchOutcome.choices)
    parent_told_at = models.DateTimeField(null=True, blank=True, validators=[plausible_datetime])
    parent_not_told_reason = EncryptedTextField("Why a parent was not told", blank=True)
    parent_notice_flag = models.BooleanField(
        default=False,
        editable=False,
        help_text=f"Parent told more than {PARENT_NOTICE_HOURS} hours after the search, or not "
        "told and no reason recorded.",
    )
    childs_words = EncryptedTextField("The child's own words", blank=True)
    dsl_informed_at = time_stamp(editable=False)

    class Meta:
        ordering = ["-searched_at"]
        indexes = [
            models.Index(fields=["school", "-searched_at"], name="casework_search_school_at"),
            models.Index(fields=["young_person", "-searched_at"], name="casework_search_yp_at"),
        ]
        verbose_name_plural = "searches"
        constraints = [
            implies(
                Q(extent=SearchExtent.MORE_THAN_OUTER),
                ~Q(appropriate_adult_name="")
                & ~Q(authorising_officer_name="")
                & Q(authorising_officer_rank__in=AuthorisingRank.values),
                name="casework_search_strip_needs_adult_and_authority",
                message=(
                    "A search that removes more than outer clothing needs an appropriate adult "
                    "and an authorising officer of inspector rank or above."
                ),
            ),
            not_before(
                "parent_told_at",
                "searched_at",
                name="casework_search_parent_told_after_search",
                optional=True,
                message="A parent cannot be told before the search happened.",
            ),
        ]

    def __str__(self) -> str:
        return f"Search ({self.searched_at:%d %b %Y})"

    @property
    def is_strip_search(self) -> bool:
        return self.extent == SearchExtent.MORE_THAN_OUTER

    def derive(self) -> None:
        """Parent told late (over 24 hours) or not told without a recorded reason → flagged."""
        if self.parent_told_at and self.searched_at:
            late = self.parent_told_at - self.searched_at > dt.timedelta(hours=PARENT_NOTICE_HOURS)
            self.parent_notice_flag = late
        else:
            self.parent_notice_flag = not (self.parent_not_told_reason or "").strip()

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_strip_search:
            if not (self.appropriate_adult_name or "").strip():
                errors["appropriate_adult_name"] = (
                    "Enter the appropriate adult who was present: a search that removes more "
                    "than outer clothing cannot go ahead without one."
                )
            if not (self.authorising_officer_name or "").strip():
                errors["authorising_officer_name"] = (
                    "Enter the officer who authorised a search removing more than outer clothing."
                )
            if self.authorising_officer_rank not in AuthorisingRank.values:
                errors["authorising_officer_rank"] = (
                    "The authorising officer must be an inspector or above."
                )
        if self.parent_told_at and self.searched_at and self.parent_told_at < self.searched_at:
            errors["parent_told_at"] = "A parent cannot be told before the search happened."
        if errors:
            raise ValidationError(errors)


class Intervention(TrackedRecord):
    """Diversion and intervention schemes, early-intervention and awareness inputs, mentoring."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.PROTECT, related_name="interventions"
    )
    kind = models.CharField(max_length=20, choices=InterventionKind.choices)
    provider = models.CharField(max_length=120, blank=True)
    start_date = models.DateField(validators=[plausible_date])
    end_date = models.DateField(null=True, blank=True, validators=[plausible_date])
    due_date = models.DateField("Review by", null=True, blank=True, validators=[plausible_date])
    status = models.CharField(
        max_length=12, choices=InterventionStatus.choices, default=InterventionStatus.PLANNED
    )
    outcome = EncryptedTextField(blank=True)
    childs_words = EncryptedTextField("The child's own words", blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["young_person", "-start_date"], name="casework_interv_yp_start"),
        ]
        constraints = [
            not_before(
                "end_date",
                "start_date",
                name="casework_intervention_ends_after_start",
                optional=True,
                message="The end date must be on or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%d %b %Y}"


class Referral(TrackedRecord):
    """A referral or signposting to another service, with consent or a recorded override."""

    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.PROTECT, related_name="referrals"
    )
    concern = optional_link(Concern, on_delete=models.SET_NULL, related_name="referrals")
    search = models.ForeignKey(
        Search,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        editable=False,
    )
    service = models.CharField(max_length=16, choices=ReferralService.choices)
    reason = EncryptedTextField("Why the referral is made")
    made_on = models.DateField(validators=[plausible_date])
    due_date = models.DateField("Response due by", validators=[plausible_date])
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.MADE
    )
    responded_on = models.DateField(null=True, blank=True, validators=[plausible_date])
    outcome = EncryptedTextField(blank=True)
    consent = models.CharField(max_length=12, choices=Consent.choices)
    consent_override_by = user_stamp(editable=False)
    consent_override_reason = EncryptedTextField(
        "Why the referral goes ahead without consent", blank=True
    )
    childs_words = EncryptedTextField("The child's own words", blank=True)
    overdue_alerted_at = time_stamp(editable=False)
    automatic = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-made_on"]
        indexes = [
            models.Index(fields=["young_person", "-made_on"], name="casework_referral_yp_made"),
        ]
        constraints = [
            models.CheckConstraint(
                name="casework_referral_consent_or_override",
                condition=Q(consent__in=[Consent.CHILD, Consent.PARENT])
                | (Q(consent_override_by__isnull=False) & ~Q(consent_override_reason="")),
                violation_error_message=(
                    "Without the consent of the young person or a parent, record why the "
                    "referral goes ahead without it."
                ),
            ),
            not_before(
                "due_date",
                "made_on",
                name="casework_referral_due_after_made",
                message="The response due date must be on or after the date made.",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral to {self.get_service_display()} ({self.made_on:%d %b %Y})"

    @property
    def is_overdue(self) -> bool:
        return self.status == ReferralStatus.MADE and self.due_date < dt.date.today()

    def clean(self) -> None:
        if (
            self.consent not in (Consent.CHILD, Consent.PARENT)
            and not (self.consent_override_reason or "").strip()
        ):
            raise ValidationError(
                {
                    "consent_override_reason": "Without the consent of the young person or a "
                    "parent, record why the referral goes ahead without it."
                }
            )
        if self.made_on and self.due_date and self.due_date < self.made_on:
            raise ValidationError(
                {"due_date": "The response due date must be on or after the date made."}
            )


class RetentionRule(models.Model):
    """How long each kind of record is kept before review (MoPI).

    Review date = the later of (last activity + `years_after_last_activity`) and (the child's
    `keep_until_age`th birthday, where the record is about a child). At review the record is
    deleted, or anonymised where the figures are still needed (searches, incidents).
    """

    record_type = models.CharField(max_length=60, unique=True)
    years_after_last_activity = models.PositiveSmallIntegerField(default=6)
    keep_until_age = models.PositiveSmallIntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=RetentionAction.choices)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return self.record_type
