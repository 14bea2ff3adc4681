"""Who may use the front door's staff pages: the resource library and the survey results.

Business rules:
- **Survey results** (young people's voice): the inspector and the performance co-ordinator,
  for the schools they see; the answers are anonymous and shown only as suppressed counts.
- **Resources**: police staff and school staff read the library (schools see approved
  versions only); schools officers, sergeants and the inspector write drafts and record
  deliveries; only the inspector approves a version for schools to see.
- The public pages (find your officer, ask for help, the survey) need no account.

Views check with `role_required(*ROLES)`; the services check again (`require`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from saferschools.accounts.choices import POLICE_ROLES, SCHOOL_ROLES, Role
from saferschools.accounts.permissions import require_role
from saferschools.accounts.scope import role_of

SURVEY_VIEW_ROLES = frozenset({Role.INSPECTOR, Role.COORDINATOR})
RESOURCE_VIEW_ROLES = POLICE_ROLES | SCHOOL_ROLES
RESOURCE_DRAFT_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})
RESOURCE_APPROVE_ROLES = frozenset({Role.INSPECTOR})
DELIVERY_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})


def may(user: Any, roles: Iterable[str]) -> bool:
    return role_of(user) in frozenset(roles)


def sees_drafts(user: Any) -> bool:
    """Police staff who write or approve resources see drafts; schools see approved only."""
    return may(user, RESOURCE_DRAFT_ROLES | RESOURCE_APPROVE_ROLES)


def require(user: Any, roles: Iterable[str], what: str) -> None:
    """Services: refuse anyone outside `roles` (there is no system actor on the staff side)."""
    require_role(user, roles, what, system=False)
