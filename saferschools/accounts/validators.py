"""Password checks: length over complexity (NCSC), and no known-breached passwords."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError

_BREACHED_FILE = Path(__file__).parent / "data" / "breached_sha1_prefixes.txt"


class BreachedPasswordValidator:
    """Reject passwords that appear in a local list of breached-password SHA-1 hashes.

    The list ships with the project (no network call at sign-up); an administrator can replace
    it with a larger offline copy of a breached-password corpus.
    """

    def __init__(self) -> None:
        self._hashes: frozenset[str] | None = None

    def _load(self) -> frozenset[str]:
        if self._hashes is None:
            if _BREACHED_FILE.exists():
                self._hashes = frozenset(
                    line.strip().upper()
                    for line in _BREACHED_FILE.read_text().splitlines()
                    if line.strip() and not line.startswith("#")
                )
            else:
                self._hashes = frozenset()
        return self._hashes

    def validate(self, password: str, user: object = None) -> None:
        digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
        if digest in self._load():
            raise ValidationError(
                "This password has appeared in a data breach. Choose a different one.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password must not be one that has appeared in a known data breach."
