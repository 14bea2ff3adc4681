"""Who may see and record engagement.

Business rules: contacts with school leaders are police working notes (police casework roles);
school requests are seen by the police roles and by the requesting school's headteacher and
safeguarding lead, who can raise and follow their own school's requests; sessions and youth
activities hold no personal data and are also seen by the performance co-ordinator. Scope by
school always comes from `accounts.scope`.
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.casework.access import CASEWORK_ROLES, POLICE_CASEWORK_ROLES

VIEW = {
    "contact": POLICE_CASEWORK_ROLES,
    "request": CASEWORK_ROLES,
    "session": CASEWORK_ROLES | {Role.COORDINATOR},
    "activity": CASEWORK_ROLES | {Role.COORDINATOR},
}
WRITE = {
    "contact": POLICE_CASEWORK_ROLES,
    "request": CASEWORK_ROLES,
    "session": POLICE_CASEWORK_ROLES,
    "activity": POLICE_CASEWORK_ROLES,
}


def _role(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return getattr(user, "role", "")


def can_view(user: Any, kind: str) -> bool:
    return _role(user) in VIEW[kind]


def can_write(user: Any, kind: str) -> bool:
    return _role(user) in WRITE[kind]


def can_respond(user: Any) -> bool:
    return _role(user) in POLICE_CASEWORK_ROLES


def can_view_any(user: Any) -> bool:
    return any(can_view(user, k) for k in VIEW)
