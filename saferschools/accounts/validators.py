"""Password checks (NCSC, NIST SP 800-63B): length over complexity, no common or breached
passwords, no forced rotation.

- `LengthValidator`: at least 8 characters; the help text recommends 15 or more.
- Django's `CommonPasswordValidator`: the 20,000 most common passwords.
- `BreachedPasswordValidator`: SHA-1 hashes of passwords seen in breaches, from a local file
  (no network call at sign-up). The shipped file holds service-specific guesses (the service
  name, the force, the published demo password) and well-known breached passwords; set
  `BREACHED_PASSWORDS_FILE` to a full offline copy of the Pwned Passwords SHA-1 list (one
  `HASH` or `HASH:COUNT` per line, sorted by hash: it is searched on disk, never loaded whole).
  The password is also checked with its case folded and trailing digits and symbols removed,
  so "SaferSchools2026!" is refused like "saferschools".
"""

from __future__ import annotations

import hashlib
import mmap
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

_BREACHED_FILE = Path(__file__).parent / "data" / "breached_sha1_prefixes.txt"
#: Files larger than this are binary-searched on disk instead of loaded into a set.
IN_MEMORY_LIMIT = 8 * 1024 * 1024
_TRAILING = re.compile(r"[\d\W_]+$")


class LengthValidator(MinimumLengthValidator):
    def get_help_text(self) -> str:
        return (
            f"Use at least {self.min_length} characters. 15 or more is better: three random "
            "words make a password that is long, strong and easy to remember. You will not be "
            "asked to change it unless it is found in a breach."
        )


def _sha1(text: str) -> bytes:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest().upper().encode()


def variants(password: str) -> set[str]:
    """The password, its case folded, and both with trailing digits and symbols removed."""
    out = {password, password.lower()}
    for p in list(out):
        stripped = _TRAILING.sub("", p)
        if len(stripped) >= 4:
            out.add(stripped)
    return out


class BreachedPasswordValidator:
    def __init__(self, path: str | None = None, in_memory_limit: int = IN_MEMORY_LIMIT) -> None:
        self.path = Path(path or getattr(settings, "BREACHED_PASSWORDS_FILE", "") or _BREACHED_FILE)
        self.in_memory_limit = in_memory_limit
        self._hashes: frozenset[bytes] | None = None

    def _load(self) -> frozenset[bytes]:
        if self._hashes is None:
            self._hashes = frozenset(
                line.strip().split(b":")[0].upper()
                for line in self.path.read_bytes().splitlines()
                if line.strip() and not line.startswith(b"#")
            )
        return self._hashes

    def _search_file(self, digest: bytes) -> bool:
        """Binary search of a file sorted by hash (lines 'HASH' or 'HASH:COUNT')."""
        with self.path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as m:
            lo, hi = 0, len(m)
            while lo < hi:
                mid = (lo + hi) // 2
                start = m.rfind(b"\n", 0, mid) + 1
                end = m.find(b"\n", start)
                end = len(m) if end == -1 else end
                key = m[start:end].strip().split(b":")[0].upper()
                if key.startswith(b"#") or key == digest:
                    if key == digest:
                        return True
                    lo = end + 1
                elif key < digest:
                    lo = end + 1
                else:
                    hi = start
            return False

    def contains(self, password: str) -> bool:
        if not self.path.exists():
            return False
        large = self.path.stat().st_size > self.in_memory_limit
        for candidate in variants(password):
            digest = _sha1(candidate)
            if self._search_file(digest) if large else digest in self._load():
                return True
        return False

    def validate(self, password: str, user: object = None) -> None:
        if self.contains(password):
            raise ValidationError(
                "This password, or one very like it, has appeared in a data breach or is easy "
                "to guess. Choose a different one.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password must not be one that has appeared in a known data breach."
