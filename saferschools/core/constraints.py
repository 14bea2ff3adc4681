"""Check constraints the apps share: one date (or time) not before (or after) another, and a
rule that holds only in some state ("a closed concern has its closing date").

Business rules: a period ends on or after it starts (a term, an absence, a roster, a named or
cover period, an intervention, a youth activity), and a later step is never before the one it
follows (a parent told after the search, a first response after the request arrived, a reply
due after the referral was made). Where the later field may be empty (an open end, a step not
yet taken), an empty value passes. What expires does so after it was made (an invitation, an
API token). A rule that holds only in some state is checked only there: what a closed concern,
a confirmed move or a notice to a school must have, the others need not.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


def not_before(
    later: str, earlier: str, *, name: str, optional: bool = False, message: str | None = None
) -> models.CheckConstraint:
    """`later` is on or after `earlier` (or empty, when `optional`)."""
    condition = Q(**{f"{later}__gte": F(earlier)})
    if optional:
        condition = Q(**{f"{later}__isnull": True}) | condition
    return models.CheckConstraint(name=name, condition=condition, violation_error_message=message)


def after(
    later: str, earlier: str, *, name: str, message: str | None = None
) -> models.CheckConstraint:
    """`later` is strictly after `earlier` (an expiry after the creation)."""
    return models.CheckConstraint(
        name=name, condition=Q(**{f"{later}__gt": F(earlier)}), violation_error_message=message
    )


def implies(when: Q, then: Q, *, name: str, message: str | None = None) -> models.CheckConstraint:
    """Where `when` holds, `then` must hold too; elsewhere the row is not constrained."""
    return models.CheckConstraint(
        name=name, condition=~when | then, violation_error_message=message
    )
