"""Rate limits for the public forms, counted in the store every worker shares
(`core.ratelimit`: the database, or Redis by setting; values hashed, no raw IPs).

Business rules:
- per address: once an address reaches its limit in the window the form says, kindly, to try
  again later (and shows 999 and Childline);
- per school, for the "ask for help" form: the limit never closes a school's form, or a few
  addresses could silence it for an hour. Past the limit messages are still delivered, marked
  as arriving in unusual volume, and the inspectors are alerted once per window to look for
  abuse (`frontdoor.services.public_message_send`);
- the survey keeps a per-school ceiling (a flood would distort the school's figures; nobody
  is silenced by it).
Limits come from settings.FRONTDOOR_RATE_LIMITS (defaults below).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from saferschools.core import ratelimit as counters

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


def allowed(name: str, value: str) -> bool:
    """Is there room for one more hit of `name` by `value`? (does not count it)"""
    hits, window = limit(name)
    return counters.count(name, value, window=window) < hits


def hit(name: str, value: str) -> int:
    """Count one hit of `name` by `value` in the current window; return the window's count."""
    _, window = limit(name)
    return counters.hit(name, value, window=window)


def over(name: str, count: int) -> bool:
    return count > limit(name)[0]
