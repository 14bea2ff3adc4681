"""DRF's throttles, reading their rates at request time (DRF's own read them once at import,
so a settings override, e.g. in a test, would not apply)."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RuntimeRateMixin:
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[attr-defined]


class AnonRateThrottle(_RuntimeRateMixin, throttling.AnonRateThrottle):
    """DRF's anonymous throttle, reading the rate when asked (so settings overrides apply)."""


class UserRateThrottle(_RuntimeRateMixin, throttling.UserRateThrottle):
    """DRF's per-user throttle, reading the rate when asked (so settings overrides apply)."""
