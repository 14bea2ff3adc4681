"""Who a write is recorded against: a signed-in user, or the system (commands, jobs)."""

from __future__ import annotations

from typing import Any


def is_user(user: Any) -> bool:
    """True for a signed-in user; None (a command or a job) is the system."""
    return user is not None and getattr(user, "is_authenticated", False)
