"""Who a write is recorded against: a signed-in user, or the system (commands, jobs)."""

from __future__ import annotations

from typing import Any

from saferschools.accounts.audit import audit_record


def is_user(user: Any) -> bool:
    """True for a signed-in user; None (a command or a job) is the system."""
    return user is not None and getattr(user, "is_authenticated", False)


def audit(
    acting_user: Any, action: str, obj: Any, *, request: Any = None, details: dict[str, Any]
) -> None:
    """The write's audit entry, against the user or, for a command or a job, "system"."""
    audit_record(
        user=acting_user,
        action=action,
        obj=obj,
        request=request,
        username="" if is_user(acting_user) else "system",
        details=details,
    )
