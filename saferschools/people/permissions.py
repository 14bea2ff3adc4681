"""Who may use the people section.

Business rules: the system administrator and the inspector (programme lead) manage people;
only the system administrator resets someone's password or two-factor sign-in (as on the
account pages these replace);
an officer's move is proposed by a manager or the officer's own sergeant, and confirmed by
their own sergeant or by the inspector; a sergeant sees the moves of their own team only.
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import role_in, role_of

MANAGERS = frozenset({Role.SYSADMIN, Role.INSPECTOR})
MOVEMENT_ROLES = frozenset({Role.SYSADMIN, Role.INSPECTOR, Role.SERGEANT})
SIGN_IN_RESETTERS = frozenset({Role.SYSADMIN})

can_manage = role_in(MANAGERS)
#: May reset someone's password or two-factor sign-in: the system administrator.
can_reset_sign_in = role_in(SIGN_IN_RESETTERS)


def is_own_sergeant(user: Any, officer: Any) -> bool:
    """The user is the officer's sergeant."""
    sergeant = officer.sergeant
    return bool(
        role_of(user) == Role.SERGEANT and sergeant is not None and sergeant.user_id == user.pk
    )


def sees_team_only(user: Any) -> bool:
    """A sergeant sees their own team's moves; the managers see every move."""
    return role_of(user) == Role.SERGEANT


def can_propose_movement(user: Any, officer: Any) -> bool:
    """A manager, or the officer's own sergeant."""
    return can_manage(user) or is_own_sergeant(user, officer)


def can_see_movement(user: Any, movement: Any) -> bool:
    return can_manage(user) or can_confirm_movement(user, movement)


def can_confirm_movement(user: Any, movement: Any) -> bool:
    """The officer's own sergeant, or the inspector."""
    return role_of(user) == Role.INSPECTOR or is_own_sergeant(user, movement.officer)
