"""Who may see the oversight pages, the monthly report and the sergeant review queue.

Business rules:
- the performance co-ordinator, the inspector and the sergeants see the oversight pages and
  the force report (counts under disclosure control; no child's name in any version), and may
  make the report as a background job; the public report is published for everyone;
- the review queue lists each flagged outcome only to the inspector and the sergeants (the
  co-ordinator sees its counts); a sergeant's queue holds their team's schools only.
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import role_in, role_of, schools_visible_to

OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.INSPECTOR, Role.SERGEANT})
REPORT_ROLES = OVERSIGHT_ROLES
QUEUE_LIST_ROLES = frozenset({Role.INSPECTOR, Role.SERGEANT})

may_report = role_in(REPORT_ROLES)
sees_review_list = role_in(QUEUE_LIST_ROLES)


def review_school_ids(user: Any) -> list[int] | None:
    """The schools whose outcomes are in the user's review queue (None: every school)."""
    if role_of(user) == Role.SERGEANT:
        return list(schools_visible_to(user).values_list("pk", flat=True))
    return None
