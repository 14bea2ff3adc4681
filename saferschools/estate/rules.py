"""Which establishments get a named Schools Officer. Plain Python: no Django imports.

This module is the one place the rule lives: the GIAS importer classifies every establishment
into a *group* with :func:`school_group`, the database query ``secondary_phase()``, the
allocation engine's loaders, the national plan and the benchmarks all read
:data:`NAMED_OFFICER_GROUPS` (or a force's own choice of groups, saved with its planning
rules) from here.

Business rule (decision 140, superseding 002), as the force announced the programme: "most
secondary schools, pupil referral units and independent specialist schools will each have a
dedicated officer". By default a named officer goes to every open

* secondary school (phase Secondary or Middle deemed secondary) and all-through school;
* pupil referral unit and alternative-provision academy / free school;
* state special school (community, foundation, academy, free school, non-maintained) and
  **independent special school** teaching secondary ages (statutory high age 12 or more, or
  unknown: the Kent & Medway extract has no age columns and nearly all are all-age or
  secondary).

Officers also work with colleges (further education, sixth-form centres, 16-19
institutions, specialist post-16 institutions) and universities, as *secondary duties*:
they are attached to the named officer of the nearest named-officer school, as primary
schools are, but do not take an officer place of their own. Mainstream independent schools
are outside the programme (they can still ask for help through the public front door).

A force may tick other groups for its own plans (``PlanningRules.named_groups``); the
default above is what every page and count uses when a force has not.
"""

from __future__ import annotations

from collections.abc import Iterable

SECONDARY_PHASES = frozenset({"Secondary", "Middle deemed secondary"})
ALL_THROUGH_PHASES = frozenset({"All-through"})
SIXTEEN_PLUS_PHASES = frozenset({"16 plus"})

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

INDEPENDENT_SPECIAL_TYPES = frozenset({"Other independent special school"})

COLLEGE_TYPES = frozenset(
    {"Further education", "Sixth form centres", "Special post 16 institution"}
)

UNIVERSITY_TYPES = frozenset({"Higher education institutions"})

INDEPENDENT_TYPE_GROUP = "Independent schools"

# The groups, in the order a planner sees them.
SECONDARY = "secondary"
ALL_THROUGH = "all_through"
ALTERNATIVE_PROVISION = "ap"
SPECIAL = "special"
INDEPENDENT_SPECIAL = "ind_special"
COLLEGE = "college"
UNIVERSITY = "university"
PRIMARY = "primary"
INDEPENDENT = "independent"
OTHER = "other"

GROUP_LABELS: dict[str, str] = {
    SECONDARY: "Secondary",
    ALL_THROUGH: "All-through school",
    ALTERNATIVE_PROVISION: "Pupil referral unit or alternative provision",
    SPECIAL: "State special school",
    INDEPENDENT_SPECIAL: "Independent special school",
    COLLEGE: "College (further education, sixth form, 16-19, specialist post-16)",
    UNIVERSITY: "University",
    PRIMARY: "Primary",
    INDEPENDENT: "Independent school (mainstream)",
    OTHER: "Other",
}

#: The groups that get a named officer by default (as the force announced).
NAMED_OFFICER_GROUPS: frozenset[str] = frozenset(
    {SECONDARY, ALL_THROUGH, ALTERNATIVE_PROVISION, SPECIAL, INDEPENDENT_SPECIAL}
)

#: The groups officers work with as a secondary duty by default (no officer place of their own).
SECONDARY_DUTY_GROUPS: frozenset[str] = frozenset({COLLEGE, UNIVERSITY, PRIMARY})

#: Groups a force may give a named officer (everything but "other").
CHOOSABLE_GROUPS: tuple[str, ...] = (
    SECONDARY,
    ALL_THROUGH,
    ALTERNATIVE_PROVISION,
    SPECIAL,
    INDEPENDENT_SPECIAL,
    COLLEGE,
    UNIVERSITY,
    PRIMARY,
    INDEPENDENT,
)


def school_group(
    phase: str, type_name: str, type_group: str = "", statutory_high_age: int | None = None
) -> str:
    """Classify an establishment into one of the groups above (see the module docstring)."""
    phase, type_name, type_group = phase.strip(), type_name.strip(), type_group.strip()
    teaches_secondary = statutory_high_age is None or statutory_high_age >= 12
    if type_name in INDEPENDENT_SPECIAL_TYPES:
        return INDEPENDENT_SPECIAL if teaches_secondary else OTHER
    if type_group == INDEPENDENT_TYPE_GROUP:
        return INDEPENDENT
    if type_name in ALTERNATIVE_PROVISION_TYPES:
        return ALTERNATIVE_PROVISION
    if type_name in SPECIAL_SCHOOL_TYPES:
        return SPECIAL if teaches_secondary else OTHER
    if type_name in UNIVERSITY_TYPES:
        return UNIVERSITY
    if type_name in COLLEGE_TYPES or phase in SIXTEEN_PLUS_PHASES:
        return COLLEGE
    if phase in ALL_THROUGH_PHASES:
        return ALL_THROUGH
    if phase in SECONDARY_PHASES:
        return SECONDARY
    if phase in {"Primary", "Middle deemed primary"}:
        return PRIMARY
    return OTHER


def check_groups(groups: Iterable[str]) -> frozenset[str]:
    """A force's choice of named-officer groups, checked; ValueError naming a bad one."""
    chosen = frozenset(str(g).strip() for g in groups if str(g).strip())
    unknown = sorted(chosen - set(CHOOSABLE_GROUPS))
    if unknown:
        raise ValueError(
            f"Unknown establishment type(s): {', '.join(unknown)}. Choose from: "
            + ", ".join(CHOOSABLE_GROUPS)
            + "."
        )
    if not chosen:
        raise ValueError("Choose at least one type of establishment to get a named officer.")
    return chosen


def gets_named_officer(
    phase: str,
    type_name: str,
    type_group: str = "",
    statutory_high_age: int | None = None,
    groups: frozenset[str] = NAMED_OFFICER_GROUPS,
) -> bool:
    """True when the establishment (if open) gets a named officer under ``groups``."""
    return school_group(phase, type_name, type_group, statutory_high_age) in groups


def is_secondary_phase(
    phase: str,
    type_name: str,
    type_group: str = "",
    statutory_high_age: int | None = None,
) -> bool:
    """True when the establishment is one the programme gives a named officer by default
    (the name is kept from decision 002; it now includes independent special schools and
    leaves colleges to secondary duties)."""
    return gets_named_officer(phase, type_name, type_group, statutory_high_age)
