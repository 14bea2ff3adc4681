"""Wilson interval and the outcome (nothing-found) test."""

import pytest

from saferschools.oversight.stats import OutcomeCount, outcome_test, wilson_interval


def test_wilson_published_example() -> None:
    """RPubs worked example (Wald vs Wilson, mtcars mpg >= 25): n = 32, p-hat = 0.1875 (6 of
    32) -> Wilson 95% (0.08889545, 0.35309155).
    https://rstudio-pubs-static.s3.amazonaws.com/1367507_eef7a4d0fb5347a8a820fe3c10141369.html
    """
    assert wilson_interval(6, 32) == pytest.approx((0.08889545, 0.35309155), abs=1e-8)


def test_wilson_hand_computed_edges() -> None:
    """0 of 10: centre = (0 + 3.8415/20) / (1 + 3.8415/10) = 0.13876..., half-width equal,
    so (0, 0.27753). 10 of 10 mirrors it: (0.72247, 1)."""
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson_interval(10, 10) == pytest.approx((0.72247, 1.0), abs=1e-5)
    with pytest.raises(ValueError):
        wilson_interval(1, 0)
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_outcome_test_shares_and_difference() -> None:
    """White 60 of 100 found nothing, Black 40 of 50; pooled 100 of 150 = 0.6667.
    Black: 0.80, difference +0.1333; Wilson(40, 50) = (0.6696, 0.8876) excludes 0.6667."""
    result = outcome_test(
        {"White": OutcomeCount(100, 60), "Black": OutcomeCount(50, 40), "Asian": OutcomeCount(0, 0)}
    )
    assert result.overall.group == "All"
    assert result.overall.share == pytest.approx(2 / 3)
    white, black, asian = result.rows
    assert white.share == pytest.approx(0.6)
    assert white.difference == pytest.approx(0.6 - 2 / 3)
    assert black.share == pytest.approx(0.8)
    assert black.difference == pytest.approx(0.8 - 2 / 3)
    assert (black.ci_low, black.ci_high) == pytest.approx((0.6696, 0.8876), abs=1e-4)
    assert black.overall_outside_ci
    assert not white.overall_outside_ci
    assert asian.too_few and asian.share is None and asian.difference is None


def test_outcome_count_validation() -> None:
    with pytest.raises(ValueError):
        OutcomeCount(3, 4)
