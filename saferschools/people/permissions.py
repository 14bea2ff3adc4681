"""Who may use the people section.

Business rules: the system administrator and the inspector (programme lead) manage people;
an officer's move is confirmed by their own sergeant or by the inspector.
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import role_of

MANAGERS = frozenset({Role.SYSADMIN, Role.INSPECTOR})
MOVEMENT_ROLES = frozenset({Role.SYSADMIN, Role.INSPECTOR, Role.SERGEANT})


def can_manage(user: Any) -> bool:
    return role_of(user) in MANAGERS


def can_confirm_movement(user: Any, movement: Any) -> bool:
    """The officer's own sergeant, or the inspector."""
    role = role_of(user)
    if role == Role.INSPECTOR:
        return True
    if role != Role.SERGEANT:
        return False
    sergeant = movement.officer.sergeant
    return bool(sergeant is not None and sergeant.user_id == user.pk)
