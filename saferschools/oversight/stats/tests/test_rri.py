"""Relative rate index and its Katz interval."""

import math

import pytest

from saferschools.oversight.stats import (
    GroupCount,
    katz_log_ratio_interval,
    relative_rate_index,
    z_value,
)


def test_z_value_95() -> None:
    assert z_value(0.95) == pytest.approx(1.959963984540054, abs=1e-12)


def test_published_example_sahai_khurshid_3_1() -> None:
    """Sahai & Khurshid, *Statistics in Epidemiology* (1996), Example 3.1, as worked in the
    SciPy documentation of ``scipy.stats.contingency.relative_risk`` (Katz method):
    high CAT 27 CHD of 122, low CAT 44 of 487 -> RR 2.4495156482861398,
    95% CI (1.5836990926700116, 3.7886786315466354).
    https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.contingency.relative_risk.html
    """
    rows = relative_rate_index(
        {"high CAT": GroupCount(27, 122), "low CAT": GroupCount(44, 487)}, reference="low CAT"
    )
    high = rows[0]
    assert high.rri == pytest.approx(2.4495156482861398, rel=1e-12)
    assert high.ci_low == pytest.approx(1.5836990926700116, rel=1e-9)
    assert high.ci_high == pytest.approx(3.7886786315466354, rel=1e-9)
    assert high.significant and not high.too_few


def test_published_example_scipy_second() -> None:
    """Same SciPy page (``RelativeRiskResult.confidence_interval``): 10 of 75 against 12 of 225
    -> RR 2.5, CI (1.1261564003469628, 5.549850800541033)."""
    lo, hi = katz_log_ratio_interval(10, 75, 12, 225)
    assert (lo, hi) == pytest.approx((1.1261564003469628, 5.549850800541033), rel=1e-9)


def test_hand_computed_table() -> None:
    """Hand computation (z = 1.959964):

    White 100 searches / 100,000 -> 1.0 per 1,000 (reference)
    Black  30 / 10,000 -> 3.0 per 1,000, RRI 3.0
        SE = sqrt(1/30 - 1/10000 + 1/100 - 1/100000) = sqrt(0.0432233) = 0.207902
        exp(1.959964 x 0.207902) = exp(0.407481) = 1.503027
        CI = 3 / 1.503027 .. 3 x 1.503027 = 1.99597 .. 4.50908 -> excludes 1, significant
    Asian   3 / 10,000 -> 0.3 per 1,000, RRI 0.3
        SE = sqrt(1/3 - 1/10000 + 1/100 - 1/100000) = 0.585853, exp(1.148270) = 3.15267
        CI = 0.3 / 3.15267 .. 0.3 x 3.15267 = 0.09516 .. 0.94580 -> excludes 1 (lower rate)
    Mixed   0 / 5,000 -> 0.0, RRI 0, no interval, too few
    """
    rows = relative_rate_index(
        {
            "White": GroupCount(100, 100_000),
            "Black": GroupCount(30, 10_000),
            "Asian": GroupCount(3, 10_000),
            "Mixed": GroupCount(0, 5_000),
        },
        reference="White",
    )
    white, black, asian, mixed = rows
    assert white.is_reference and white.rri == 1.0 and white.ci_low is None
    assert not white.significant
    assert black.rate_per_1000 == pytest.approx(3.0)
    assert black.rri == pytest.approx(3.0)
    assert (black.ci_low, black.ci_high) == pytest.approx((1.99597, 4.50908), abs=1e-4)
    assert black.significant
    assert asian.rri == pytest.approx(0.3)
    assert (asian.ci_low, asian.ci_high) == pytest.approx((0.09516, 0.94580), abs=1e-4)
    assert asian.significant
    assert mixed.rri == 0.0 and mixed.ci_low is None and mixed.ci_high is None
    assert mixed.too_few and not mixed.significant


def test_interval_spanning_one_is_not_significant() -> None:
    rows = relative_rate_index(
        {"A": GroupCount(12, 1000), "B": GroupCount(10, 1000)}, reference="B"
    )
    a = rows[0]
    assert a.ci_low is not None and a.ci_high is not None
    assert a.ci_low < 1 < a.ci_high and not a.significant


def test_zero_reference_rate_gives_no_ratio() -> None:
    rows = relative_rate_index(
        {"A": GroupCount(5, 1000), "B": GroupCount(0, 1000), "C": GroupCount(0, 0)}, "B"
    )
    assert all(r.too_few for r in rows)
    assert rows[0].rri is None and rows[0].ci_low is None
    assert rows[2].rate_per_1000 is None


def test_min_actions_threshold() -> None:
    rows = relative_rate_index(
        {"A": GroupCount(3, 1000), "B": GroupCount(50, 10_000)}, "B", min_actions=5
    )
    assert rows[0].too_few and rows[0].ci_low is None
    assert rows[0].rri == pytest.approx(0.6)


def test_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        GroupCount(5, 3)
    with pytest.raises(ValueError):
        GroupCount(-1, 3)
    with pytest.raises(KeyError):
        relative_rate_index({"A": GroupCount(1, 2)}, "B")


def test_interval_is_symmetric_on_log_scale() -> None:
    lo, hi = katz_log_ratio_interval(40, 2000, 25, 5000)
    rr = (40 / 2000) / (25 / 5000)
    assert math.log(rr) - math.log(lo) == pytest.approx(math.log(hi) - math.log(rr))
