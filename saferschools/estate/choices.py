"""Vocabulary of the school estate, as the DfE's GIAS register spells it."""

from django.db import models

from . import rules
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
    """The groups of :mod:`saferschools.estate.rules` (which ones get a named officer is there)."""

    SECONDARY = rules.SECONDARY, rules.GROUP_LABELS[rules.SECONDARY]
    ALL_THROUGH = rules.ALL_THROUGH, rules.GROUP_LABELS[rules.ALL_THROUGH]
    ALTERNATIVE_PROVISION = (
        rules.ALTERNATIVE_PROVISION,
        rules.GROUP_LABELS[rules.ALTERNATIVE_PROVISION],
    )
    SPECIAL = rules.SPECIAL, rules.GROUP_LABELS[rules.SPECIAL]
    INDEPENDENT_SPECIAL = rules.INDEPENDENT_SPECIAL, rules.GROUP_LABELS[rules.INDEPENDENT_SPECIAL]
    COLLEGE = rules.COLLEGE, rules.GROUP_LABELS[rules.COLLEGE]
    UNIVERSITY = rules.UNIVERSITY, rules.GROUP_LABELS[rules.UNIVERSITY]
    PRIMARY = rules.PRIMARY, rules.GROUP_LABELS[rules.PRIMARY]
    INDEPENDENT = rules.INDEPENDENT, rules.GROUP_LABELS[rules.INDEPENDENT]
    OTHER = rules.OTHER, rules.GROUP_LABELS[rules.OTHER]
