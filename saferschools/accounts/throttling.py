"""DRF's throttles, counted in the store every worker shares (`core.ratelimit`: the database,
or Redis by setting) rather than a per-process cache, and reading their rates at request time
(DRF's own read them once at import, so a settings override would not apply)."""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.settings import api_settings

from saferschools.core import ratelimit


class _SharedFixedWindowMixin:
    """A fixed window per client: `num_requests` per `duration` seconds, counted atomically
    in the shared store. (DRF's sliding-window history list is read-modify-write in the cache,
    which loses counts between concurrent workers.)"""

    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # type: ignore[no-any-return]

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:  # type: ignore[attr-defined]
            return True
        key = self.get_cache_key(request, view)  # type: ignore[attr-defined]
        if key is None:
            return True
        self._window = int(self.duration)  # type: ignore[attr-defined]
        hits = ratelimit.hit(f"api:{self.scope}", key, window=self._window)
        return hits <= self.num_requests  # type: ignore[attr-defined,no-any-return]

    def wait(self) -> float | None:
        return float(ratelimit.seconds_left(getattr(self, "_window", 60)))


class AnonRateThrottle(_SharedFixedWindowMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by address."""


class UserRateThrottle(_SharedFixedWindowMixin, throttling.UserRateThrottle):
    """Signed-in users (session or token), by user."""
