"""Who may read and write which casework records: the role sets, and the checks the services
(and, to answer early, the pages and API) make with them.

Business rules:
- children's records are seen by schools officers, sergeants and the inspector (within their
  schools from `accounts.scope`) and by a school's headteacher and safeguarding lead (their
  own school only);
- the performance co-ordinator and the system administrator never see a child's record: they
  get aggregates, and the co-ordinator pseudonymised rows (no names, no dates of birth, no free
  text) through `selectors.pseudonymised_events`;
- school staff record young people, concerns and incidents at their school (and link records);
  searches, interventions and referrals are recorded by the police roles, and only police
  record a police outcome on an incident;
- a sergeant or the inspector reviews a flagged police outcome, and makes a subject access
  export.

Which roles write each kind of record is declared with the kind in `registry.KINDS`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from saferschools.accounts.choices import CHILD_ROLES, Role
from saferschools.accounts.scope import role_of, schools_visible_to

POLICE_CASEWORK_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})
#: The police roles and the school's headteacher and safeguarding lead: `CHILD_ROLES`.
CASEWORK_ROLES = CHILD_ROLES
PSEUDONYMISED_ROLES = frozenset({Role.COORDINATOR, Role.INSPECTOR, Role.SERGEANT})
REVIEW_ROLES = frozenset({Role.SERGEANT, Role.INSPECTOR})
EXPORT_ROLES = frozenset({Role.SERGEANT, Role.INSPECTOR})


def can_view_casework(user: Any) -> bool:
    return role_of(user) in CASEWORK_ROLES


def can_write(user: Any, kind: str) -> bool:
    """May `user` record this kind (a `registry.KINDS` key; "link" is a change to a young
    person)?"""
    from .registry import KINDS  # the registry names the services, which check here

    return KINDS["young_person" if kind == "link" else kind].can_write(user)


def can_export(user: Any) -> bool:
    return role_of(user) in EXPORT_ROLES


def can_see_pseudonymised(user: Any) -> bool:
    return role_of(user) in PSEUDONYMISED_ROLES


def can_review_outcome(user: Any) -> bool:
    return role_of(user) in REVIEW_ROLES


def is_police(user: Any) -> bool:
    return role_of(user) in POLICE_CASEWORK_ROLES


# ---------------------------------------------------------------- checks inside services


def require_write(user: Any, kind: str) -> None:
    if not can_write(user, kind):
        raise PermissionDenied("You cannot record this.")


def require_school(user: Any, school_id: int | None) -> None:
    if school_id is None or not schools_visible_to(user).filter(pk=school_id).exists():
        raise PermissionDenied("That school is not one of yours.")


def require_police_outcome(user: Any) -> None:
    if not is_police(user):
        raise PermissionDenied("Only police record a police outcome.")


def require_review(user: Any) -> None:
    if not can_review_outcome(user):
        raise PermissionDenied("Only a sergeant or the inspector reviews outcomes.")


def require_export(user: Any) -> None:
    if not can_export(user):
        raise PermissionDenied("Subject access exports are made by a sergeant or the inspector.")


def require_write_record(user: Any, obj: Any) -> None:
    """`require_write` for the kind of `obj` (a casework record)."""
    from .registry import KINDS

    kind = next((k for k in KINDS.values() if isinstance(obj, k.model)), None)
    if kind is None or not kind.can_write(user):
        raise PermissionDenied("You cannot record this.")
