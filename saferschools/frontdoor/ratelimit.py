"""Rate limits for the public forms, kept in Django's cache (no database rows, no raw IPs).

A key counts the hits in a fixed window; once it reaches its limit the form says, kindly, to
try again later. Limits come from settings.FRONTDOOR_RATE_LIMITS (defaults below).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULTS: dict[str, tuple[int, int]] = {
    # name: (hits, window in seconds)
    "message_ip": (5, 3600),
    "message_school": (30, 3600),
    "survey_ip": (10, 3600),
    "survey_school": (600, 3600),
}


def limit(name: str) -> tuple[int, int]:
    return {**DEFAULTS, **getattr(settings, "FRONTDOOR_RATE_LIMITS", {})}[name]


def client_ip(request: HttpRequest) -> str:
    """The address the request came from (the proxy's own header is not trusted here)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(name: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"frontdoor:rl:{name}:{digest}"


def allowed(name: str, value: str) -> bool:
    """Is there room for one more hit of `name` by `value`? (does not count it)"""
    hits, _ = limit(name)
    return int(cache.get(_key(name, value), 0)) < hits


def hit(name: str, value: str) -> None:
    """Count one hit of `name` by `value` in the current window."""
    _, window = limit(name)
    key = _key(name, value)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
