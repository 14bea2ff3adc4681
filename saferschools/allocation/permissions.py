"""Who may read and who may change allocation plans.

Business rules: plans and scenarios are not school-scoped records. The inspector (programme
lead), the sergeants and the performance co-ordinator read all of them; only the inspector
makes, adopts and commits plans and scenarios, sets the force's planning defaults and the
crime severity table. The services enforce the writers' rule themselves (`require_writer`);
`None` as the acting user is the system (the `plan` and `redeploy` commands, jobs).
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.permissions import require_role
from saferschools.accounts.scope import role_in

PLAN_READERS = frozenset({Role.INSPECTOR, Role.SERGEANT, Role.COORDINATOR})
PLAN_WRITERS = frozenset({Role.INSPECTOR})

can_read_plans = role_in(PLAN_READERS)
can_write_plans = role_in(PLAN_WRITERS)


def require_writer(acting_user: Any, what: str) -> None:
    """Raise PermissionDenied unless the acting user is the inspector (or the system)."""
    require_role(acting_user, PLAN_WRITERS, what)
