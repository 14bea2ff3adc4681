"""Vocabulary of the school estate, as the DfE's GIAS register spells it."""

from django.db import models

from .rules import (  # noqa: F401  (re-exported)
    ALTERNATIVE_PROVISION_TYPES,
    COLLEGE_TYPES,
    INDEPENDENT_TYPE_GROUP,
    SECONDARY_PHASES,
    SPECIAL_SCHOOL_TYPES,
)


class LsoaVintage(models.IntegerChoices):
    CENSUS_2011 = 2011, "2011"
    CENSUS_2021 = 2021, "2021"


class SchoolGroup(models.TextChoices):
    SECONDARY = "secondary", "Secondary or all-through"
    ALTERNATIVE_PROVISION = "ap", "Pupil referral unit or alternative provision"
    SPECIAL = "special", "Special school"
    COLLEGE = "college", "College"
    PRIMARY = "primary", "Primary"
    OTHER = "other", "Other"
