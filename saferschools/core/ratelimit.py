"""Rate-limit counters in a store every worker shares: the database by default, Redis when
settings.RATELIMIT_REDIS_URL is set.

Business rules:
- a limit holds across all worker processes (a per-process counter lets N workers allow N
  times the limit);
- counting is atomic (an UPDATE ... SET count = count + 1, or Redis INCR), so concurrent
  requests are never lost;
- fixed windows: `hit` returns the count in the current window including this hit; the
  caller decides what the limit means (refuse, slow down, flag).

    count = hit("message_ip", ip, window=3600)
    if count > 5: refuse()
"""

from __future__ import annotations

import hashlib
import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F


def _key(name: str, value: str) -> str:
    # Values (addresses, ids) are hashed with the secret: no raw IP address is stored.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:40]
    return f"{name[:60]}:{digest}"


def _window_start(window: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return int(now // window * window)


@lru_cache(maxsize=4)
def _redis(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


def _redis_url() -> str:
    return str(getattr(settings, "RATELIMIT_REDIS_URL", "") or "")


def hit(name: str, value: str, *, window: int, now: float | None = None) -> int:
    """Count one hit of `name` by `value`; return the hits in the current window (>= 1)."""
    key, start = _key(name, value), _window_start(window, now)
    url = _redis_url()
    if url:
        client = _redis(url)
        redis_key = f"saferschools:rl:{key}:{start}"
        pipe = client.pipeline()
        pipe.incr(redis_key)
        pipe.expire(redis_key, window + 60)
        return int(pipe.execute()[0])
    from .models import RateCounter

    with transaction.atomic():
        if RateCounter.objects.filter(key=key, window=start).update(count=F("count") + 1):
            return int(RateCounter.objects.get(key=key, window=start).count)
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, window=start, count=1)
        except IntegrityError:  # another worker created it first
            RateCounter.objects.filter(key=key, window=start).update(count=F("count") + 1)
            return int(RateCounter.objects.get(key=key, window=start).count)
        RateCounter.objects.filter(key=key, window__lt=start).delete()
        return 1


def count(name: str, value: str, *, window: int, now: float | None = None) -> int:
    """Hits of `name` by `value` so far in the current window (does not count one)."""
    key, start = _key(name, value), _window_start(window, now)
    url = _redis_url()
    if url:
        got = _redis(url).get(f"saferschools:rl:{key}:{start}")
        return int(got or 0)
    from .models import RateCounter

    row = RateCounter.objects.filter(key=key, window=start).values_list("count", flat=True)
    return int(row.first() or 0)


def seconds_left(window: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return max(1, int(_window_start(window, now) + window - now))


def clear() -> None:
    """Forget every counter (tests; an operator after an incident)."""
    url = _redis_url()
    if url:
        client = _redis(url)
        for k in client.scan_iter("saferschools:rl:*"):
            client.delete(k)
        return
    from .models import RateCounter

    RateCounter.objects.all().delete()
