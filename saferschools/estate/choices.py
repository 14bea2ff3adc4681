"""Vocabulary of the school estate, as the DfE's GIAS register spells it."""

from django.db import models

SECONDARY_PHASES = frozenset({"Secondary", "All-through", "Middle deemed secondary", "16 plus"})

ALTERNATIVE_PROVISION_TYPES = frozenset(
    {
        "Pupil referral unit",
        "Academy alternative provision converter",
        "Academy alternative provision sponsor led",
        "Free schools alternative provision",
    }
)

SPECIAL_SCHOOL_TYPES = frozenset(
    {
        "Community special school",
        "Foundation special school",
        "Academy special converter",
        "Academy special sponsor led",
        "Free schools special",
        "Non-maintained special school",
    }
)

COLLEGE_TYPES = frozenset({"Further education", "Sixth form centres"})

INDEPENDENT_TYPE_GROUP = "Independent schools"


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
