"""Who may change the officer records.

Business rules: the system administrator and the inspector (programme lead) keep the officer
records (collar number, rank, district, team, active or not), as they manage the people the
records belong to (`people.permissions.MANAGERS`); the services check it whatever the page
checked. No system actor: every change to an officer record names the person who made it.

Placing officers where an adopted plan puts them (`officers_place`) and handing schools over
(`named_officer_change`, `officer_leave`, `officer_move`) are checked by their callers' rules
(allocation's writer, the movement's confirmer).
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.permissions import require_role
from saferschools.accounts.scope import role_in

OFFICER_RECORD_KEEPERS = frozenset({Role.SYSADMIN, Role.INSPECTOR})

can_keep_officer_records = role_in(OFFICER_RECORD_KEEPERS)


def require_record_keeper(acting_user: Any, what: str) -> None:
    """Raise PermissionDenied unless the acting user is the administrator or the inspector."""
    require_role(acting_user, OFFICER_RECORD_KEEPERS, what, system=False)
