"""Ending everything a person is signed in with: web sessions and API tokens, at once."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token

from saferschools.accounts.signals import end_sessions_of


def end_all(person: Any) -> int:
    """Delete the person's sessions and API tokens. Returns how many were ended."""
    ended = end_sessions_of(person.pk)
    ended += Token.objects.filter(user_id=person.pk).delete()[0]
    return ended
