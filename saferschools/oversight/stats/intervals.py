"""Confidence intervals shared by the OVERSIGHT statistics (plain Python, no Django)."""

from __future__ import annotations

import math
from statistics import NormalDist

__all__ = ["katz_log_ratio_interval", "wilson_interval", "z_value"]


def z_value(confidence: float = 0.95) -> float:
    """Two-sided standard normal quantile: 1.959964... for 95%."""
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial share ``successes / trials``.

    Rule: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). Always inside [0, 1] and
    sensible at 0 or n successes, which is why it is used for small groups.
    """
    if trials <= 0:
        raise ValueError("trials must be positive")
    if not 0 <= successes <= trials:
        raise ValueError("successes must lie in 0..trials")
    z = z_value(confidence)
    n = float(trials)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = p + z * z / (2.0 * n)
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n))
    low = max(0.0, (centre - half) / denom)
    high = min(1.0, (centre + half) / denom)
    return low, high


def katz_log_ratio_interval(
    a: int, n1: int, c: int, n2: int, confidence: float = 0.95
) -> tuple[float, float]:
    """Katz (log) interval for the ratio of two proportions (a/n1) / (c/n2).

    SE(ln RR) = sqrt(1/a - 1/n1 + 1/c - 1/n2); interval = RR·exp(±z·SE).
    Needs a, c >= 1 and a <= n1, c <= n2 (callers treat zero counts as "too few").
    """
    if a < 1 or c < 1:
        raise ValueError("the Katz interval needs at least one event in each group")
    if a > n1 or c > n2:
        raise ValueError("events cannot exceed the population at risk")
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n2)
    spread = math.exp(z_value(confidence) * se)
    return ratio / spread, ratio * spread
