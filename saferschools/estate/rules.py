"""Which establishments get a named Schools Officer. Plain Python: no Django imports.

Business rule: every open, state-funded secondary-phase establishment has one named officer.
Secondary phase means secondary, all-through, middle-deemed-secondary and 16-plus schools,
pupil referral units and alternative provision, special schools that teach secondary ages, and
further-education and sixth-form colleges. Independent schools are outside the programme (they
can ask for help through the front door but are not allocated an officer).

A special school "teaches secondary ages" when its statutory high age is 12 or more; where the
register gives no age range (the Kent & Medway extract has none) a state special school is
taken to teach secondary ages, because almost all of them are all-age or secondary.
"""

from __future__ import annotations

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


def school_group(
    phase: str, type_name: str, type_group: str = "", statutory_high_age: int | None = None
) -> str:
    """Classify an establishment: secondary, ap, special, college, primary or other."""
    if type_group == INDEPENDENT_TYPE_GROUP:
        return "other"
    if type_name in ALTERNATIVE_PROVISION_TYPES:
        return "ap"
    if type_name in SPECIAL_SCHOOL_TYPES:
        if statutory_high_age is not None and statutory_high_age < 12:
            return "other"
        return "special"
    if type_name in COLLEGE_TYPES:
        return "college"
    if phase in SECONDARY_PHASES:
        return "secondary"
    if phase in {"Primary", "Middle deemed primary"}:
        return "primary"
    return "other"


def is_secondary_phase(
    phase: str,
    type_name: str,
    type_group: str = "",
    statutory_high_age: int | None = None,
) -> bool:
    """True when the establishment is one the programme gives a named officer."""
    return school_group(phase, type_name, type_group, statutory_high_age) in {
        "secondary",
        "ap",
        "special",
        "college",
    }
