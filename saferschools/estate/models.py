"""The school estate and the public data about the places around it.

Force → division (policing area) → district (local authority district, ONS code) →
establishment (a GIAS school). LSOA-level deprivation (IoD2019, 2011 LSOAs), population
(Census 2021, 2021 LSOAs), police-recorded crime and stop-and-search records sit beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q

from saferschools.core.fields import optional_link, time_stamp

from .choices import LsoaVintage, SchoolGroup
from .rules import NAMED_OFFICER_GROUPS

#: The groups that get a named officer by default: the rule lives in `rules.py` (decision 140).
SECONDARY_PHASE_GROUPS = tuple(g for g in SchoolGroup.values if g in NAMED_OFFICER_GROUPS)


class Force(models.Model):
    name = models.CharField(max_length=100, unique=True)
    is_synthetic = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """A policing area (Kent: North, East, West)."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["force__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["force", "name"], name="estate_division_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """A local authority district, by its ONS code (LAD19, e.g. E07000114 Thanet)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    division = optional_link(Division, on_delete=models.SET_NULL, related_name="districts")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EstablishmentQuerySet(models.QuerySet["Establishment"]):
    def open(self) -> EstablishmentQuerySet:
        return self.filter(status="Open")

    def secondary_phase(self) -> EstablishmentQuerySet:
        """The schools that get a named officer by default (`rules.NAMED_OFFICER_GROUPS`)."""
        return self.open().filter(school_group__in=SECONDARY_PHASE_GROUPS)

    def named_officer(self, groups: Iterable[str] | None = None) -> EstablishmentQuerySet:
        """Open establishments of `groups` (a force's own choice; default the programme's)."""
        return self.open().filter(school_group__in=sorted(groups or SECONDARY_PHASE_GROUPS))


class Establishment(models.Model):
    """A school or college from the DfE register (GIAS), keyed by its URN."""

    urn = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=200)
    la_code = models.CharField(max_length=10, blank=True)
    la_name = models.CharField(max_length=100, blank=True)
    establishment_number = models.CharField(max_length=10, blank=True)
    type_name = models.CharField(max_length=100)
    type_group = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=50)
    school_group = models.CharField(max_length=16, choices=SchoolGroup.choices, db_index=True)
    status = models.CharField(max_length=50, default="Open", db_index=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    percentage_fsm = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    town = models.CharField(max_length=100, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True, db_index=True)
    lsoa11_code = models.CharField(
        max_length=9,
        blank=True,
        db_index=True,
        help_text="The 2011 LSOA used to join IoD2019 (same code, or the nearest 2011 centroid).",
    )
    lsoa11_match = models.CharField(max_length=20, blank=True)
    constituency_code = models.CharField(max_length=9, blank=True)
    district = optional_link(District, related_name="establishments")
    # Contact details (issue 19). The DfE register does not publish e-mail addresses, so the
    # force (or the school itself) records them; letters to headteachers go to `contact_email`
    # whether or not the school has an account here.
    headteacher_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="The school office address letters to the headteacher go to."
    )
    contact_phone = models.CharField(max_length=30, blank=True)
    contact_address = models.TextField(blank=True, help_text="Postal address, one line per row.")
    dsl_name = models.CharField("designated safeguarding lead", max_length=120, blank=True)
    dsl_email = models.EmailField("safeguarding lead's e-mail", blank=True)
    dsl_phone = models.CharField("safeguarding lead's phone", max_length=30, blank=True)
    contact_source = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("force", "Recorded by the force"),
            ("school", "Given by the school"),
            ("demo", "Demonstration (invented)"),
        ],
        help_text="Who recorded the contact details.",
    )
    contact_updated_at = time_stamp()
    is_synthetic = models.BooleanField(default=False)

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="estate_establishment_fsm_is_percentage",
                condition=Q(percentage_fsm__isnull=True)
                | Q(percentage_fsm__gte=0, percentage_fsm__lte=100),
            ),
            models.CheckConstraint(
                name="estate_establishment_age_range_ordered",
                condition=Q(statutory_low_age__isnull=True)
                | Q(statutory_high_age__isnull=True)
                | Q(statutory_low_age__lte=models.F("statutory_high_age")),
            ),
        ]
        indexes = [models.Index(fields=["district", "school_group"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def is_secondary_phase(self) -> bool:
        return self.status == "Open" and self.school_group in SECONDARY_PHASE_GROUPS

    @property
    def fsm_pupils(self) -> float | None:
        if self.number_of_pupils is None or self.percentage_fsm is None:
            return None
        return self.number_of_pupils * float(self.percentage_fsm) / 100.0


class Lsoa(models.Model):
    """A Lower-layer Super Output Area, 2011 or 2021 vintage."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100, blank=True)
    vintage = models.PositiveSmallIntegerField(choices=LsoaVintage.choices)
    district_code = models.CharField(max_length=9, blank=True, db_index=True)
    district_name = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


IOD_DOMAINS = (
    "imd",
    "income",
    "employment",
    "education",
    "health",
    "crime",
    "housing",
    "living_environment",
)


class LsoaDeprivation(models.Model):
    """English Indices of Deprivation 2019 for one 2011 LSOA (rank 1 = most deprived)."""

    lsoa_code = models.CharField(max_length=9, unique=True)
    lsoa_name = models.CharField(max_length=100, blank=True)
    district_code = models.CharField(max_length=9, db_index=True)
    district_name = models.CharField(max_length=100)
    imd_rank = models.PositiveIntegerField()
    imd_decile = models.PositiveSmallIntegerField()
    imd_score = models.FloatField(null=True, blank=True)
    income_rank = models.PositiveIntegerField(null=True)
    income_decile = models.PositiveSmallIntegerField(null=True)
    employment_rank = models.PositiveIntegerField(null=True)
    employment_decile = models.PositiveSmallIntegerField(null=True)
    education_rank = models.PositiveIntegerField(null=True)
    education_decile = models.PositiveSmallIntegerField(null=True)
    health_rank = models.PositiveIntegerField(null=True)
    health_decile = models.PositiveSmallIntegerField(null=True)
    crime_rank = models.PositiveIntegerField(null=True)
    crime_decile = models.PositiveSmallIntegerField(null=True)
    housing_rank = models.PositiveIntegerField(null=True)
    housing_decile = models.PositiveSmallIntegerField(null=True)
    living_environment_rank = models.PositiveIntegerField(null=True)
    living_environment_decile = models.PositiveSmallIntegerField(null=True)
    idaci_score = models.FloatField(null=True, blank=True)
    idaci_rank = models.PositiveIntegerField(null=True, blank=True)
    idaci_decile = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="estate_deprivation_decile_1_to_10",
                condition=Q(imd_decile__gte=1, imd_decile__lte=10),
            )
        ]

    def __str__(self) -> str:
        return f"{self.lsoa_code} IMD decile {self.imd_decile}"


class LsoaPopulation(models.Model):
    """Census 2021 usual residents of one 2021 LSOA in one age group."""

    lsoa_code = models.CharField(max_length=9)
    lsoa_name = models.CharField(max_length=100, blank=True)
    age_group = models.CharField(max_length=40)
    usual_residents = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lsoa_code", "age_group"], name="estate_population_one_row_per_age_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lsoa_code} {self.age_group}: {self.usual_residents}"


class RecordedCrime(models.Model):
    """Police-recorded street crime, counted by LSOA, month and crime type (police.uk)."""

    lsoa_code = models.CharField(max_length=9)
    month = models.DateField(help_text="First day of the month.")
    crime_type = models.CharField(max_length=80)
    count = models.PositiveIntegerField()
    falls_within = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lsoa_code", "month", "crime_type"],
                name="estate_crime_one_count_per_lsoa_month_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.lsoa_code} {self.month:%Y-%m} {self.crime_type}: {self.count}"


class StopSearch(models.Model):
    """One published police.uk stop-and-search record (one person or vehicle searched).

    Rows that look identical are separate searches, so a record is keyed by its source month,
    a hash of its values and its occurrence number among identical rows.
    """

    force = models.CharField(max_length=100)
    month = models.DateField()
    row_key = models.CharField(max_length=80)
    search_type = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    part_of_operation = models.BooleanField(null=True)
    operation_name = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    age_range = models.CharField(max_length=20, blank=True)
    self_defined_ethnicity = models.CharField(max_length=120, blank=True)
    officer_defined_ethnicity = models.CharField(max_length=40, blank=True)
    legislation = models.CharField(max_length=120, blank=True)
    object_of_search = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=120, blank=True)
    outcome_linked = models.BooleanField(null=True)
    removal_of_more_than_outer_clothing = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["force", "month", "row_key"], name="estate_stopsearch_unique_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.force} search {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def is_child(self) -> bool:
        return self.age_range in {"under 10", "10-17"}
