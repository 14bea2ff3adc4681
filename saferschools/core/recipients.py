"""Who is told about something at a school (the recipients `core.services.notify` is given).

Business rules: the school's named officer (from workforce's named assignment) and that
officer's sergeant are told of police work at the school; the school's safeguarding lead(s)
are told of concerns and searches about their pupils. Someone with no account is skipped
(`notify` drops None).
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User


def safeguarding_leads(school: Any) -> list[User]:
    return list(User.objects.filter(role=Role.DSL, school=school, is_active=True))


def named_officer_user(school: Any) -> User | None:
    assignment = getattr(school, "named_assignment", None)
    try:
        return assignment.officer.user if assignment else None
    except Exception:  # noqa: BLE001 - no named officer, or no account for them
        return None


def sergeant_user(school: Any) -> User | None:
    assignment = getattr(school, "named_assignment", None)
    sergeant = assignment.officer.sergeant if assignment else None
    return sergeant.user if sergeant else None
