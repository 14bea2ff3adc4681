"""Who may read and write which casework records.

Business rules:
- children's records are seen by schools officers, sergeants and the inspector (within their
  schools from `accounts.scope`) and by a school's headteacher and safeguarding lead (their
  own school only);
- the performance co-ordinator and the system administrator never see a child's record: they
  get aggregates, and the co-ordinator pseudonymised rows (no names, no dates of birth, no free
  text) through `selectors.pseudonymised_events`;
- school staff record young people, concerns and incidents at their school; searches,
  interventions and referrals are recorded by the police roles;
- a subject access export is made by a sergeant or the inspector.
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role

POLICE_CASEWORK_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})
SCHOOL_CASEWORK_ROLES = frozenset({Role.HEADTEACHER, Role.DSL})
CASEWORK_ROLES = POLICE_CASEWORK_ROLES | SCHOOL_CASEWORK_ROLES
PSEUDONYMISED_ROLES = frozenset({Role.COORDINATOR, Role.INSPECTOR, Role.SERGEANT})
EXPORT_ROLES = frozenset({Role.SERGEANT, Role.INSPECTOR})

#: What each kind of user may record.
WRITE_ROLES: dict[str, frozenset[str]] = {
    "young_person": CASEWORK_ROLES,
    "concern": CASEWORK_ROLES,
    "incident": CASEWORK_ROLES,
    "search": POLICE_CASEWORK_ROLES,
    "intervention": POLICE_CASEWORK_ROLES,
    "referral": POLICE_CASEWORK_ROLES,
    "link": CASEWORK_ROLES,
}


def _role(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return getattr(user, "role", "")


def can_view_casework(user: Any) -> bool:
    return _role(user) in CASEWORK_ROLES


def can_write(user: Any, kind: str) -> bool:
    return _role(user) in WRITE_ROLES.get(kind, frozenset())


def can_export(user: Any) -> bool:
    return _role(user) in EXPORT_ROLES


def can_see_pseudonymised(user: Any) -> bool:
    return _role(user) in PSEUDONYMISED_ROLES


def is_police(user: Any) -> bool:
    return _role(user) in POLICE_CASEWORK_ROLES
