"""Apportionment methods against hand-computed textbook cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferschools.allocation.engine import (
    DEFAULT_METHOD,
    DEFAULT_METHOD_REASON,
    InfeasibleApportionmentError,
    NoOfficersError,
    UnknownMethodError,
    apportion,
    district_bounds,
    place_sergeants,
)

# Populations 12, 5, 1 and a house of 5 - the three methods all differ.
# Hamilton: quotas 3.333, 1.389, 0.278 -> floors 3, 1, 0; one left, largest remainder B.
# Webster: priorities p/(a+1/2): A24 B10 A8 A4.8 A3.43 (> B 3.33) -> A4 B1 C0.
# Huntington-Hill: everyone 1 first (divisor 0); then A 12/sqrt2=8.49, A 12/sqrt6=4.90.
TEXTBOOK = {"A": 12.0, "B": 5.0, "C": 1.0}


def test_hamilton_textbook() -> None:
    assert apportion(TEXTBOOK, 5, "hamilton") == {"A": 3, "B": 2, "C": 0}


def test_webster_textbook() -> None:
    assert apportion(TEXTBOOK, 5, "webster") == {"A": 4, "B": 1, "C": 0}


def test_huntington_hill_textbook() -> None:
    assert apportion(TEXTBOOK, 5, "huntington_hill") == {"A": 3, "B": 1, "C": 1}


def test_aliases_name_the_same_methods() -> None:
    assert apportion(TEXTBOOK, 5, "Sainte-Laguë") == apportion(TEXTBOOK, 5, "webster")
    assert apportion(TEXTBOOK, 5, "largest_remainder") == apportion(TEXTBOOK, 5, "hamilton")
    assert apportion(TEXTBOOK, 5, "equal proportions") == apportion(TEXTBOOK, 5, "huntington_hill")


# The textbook Alabama paradox: populations 6, 6, 2.
# House 10: quotas 4.286, 4.286, 1.429 -> 4, 4, 1 + largest remainder C -> 4, 4, 2.
# House 11: quotas 4.714, 4.714, 1.571 -> 4, 4, 1 + A and B -> 5, 5, 1. C loses one.
ALABAMA = {"A": 6.0, "B": 6.0, "C": 2.0}


def test_hamilton_shows_the_alabama_paradox() -> None:
    assert apportion(ALABAMA, 10, "hamilton") == {"A": 4, "B": 4, "C": 2}
    assert apportion(ALABAMA, 11, "hamilton") == {"A": 5, "B": 5, "C": 1}


@pytest.mark.parametrize("method", ["webster", "huntington_hill"])
def test_divisor_methods_do_not_lose_on_the_alabama_case(method: str) -> None:
    for house in range(3, 30):
        small, big = apportion(ALABAMA, house, method), apportion(ALABAMA, house + 1, method)
        assert all(big[k] >= small[k] for k in ALABAMA), (house, small, big)


@settings(max_examples=150, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=8),
    house=st.integers(min_value=1, max_value=40),
    method=st.sampled_from(["webster", "huntington_hill"]),
)
def test_divisor_methods_are_house_monotone_with_bounds(
    weights: list[int], house: int, method: str
) -> None:
    keys = {f"d{i}": float(w) for i, w in enumerate(weights)}
    minimum = dict.fromkeys(keys, 1)
    maximum = {k: 2 + i for i, k in enumerate(keys)}
    total = house + len(keys)
    if total + 1 > sum(maximum.values()):
        return
    small = apportion(keys, total, method, minimum, maximum)
    big = apportion(keys, total + 1, method, minimum, maximum)
    assert sum(big.values()) == total + 1
    assert all(big[k] >= small[k] for k in keys)
    assert all(minimum[k] <= big[k] <= maximum[k] for k in keys)


@settings(max_examples=100, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=1, max_value=1000), min_size=2, max_size=6),
    house=st.integers(min_value=1, max_value=30),
)
def test_hamilton_stays_within_quota(weights: list[int], house: int) -> None:
    keys = {f"d{i}": float(w) for i, w in enumerate(weights)}
    seats = apportion(keys, house, "hamilton")
    total = sum(weights)
    for k, w in keys.items():
        quota = house * w / total
        assert int(quota) <= seats[k] <= int(quota) + 1


def test_minimum_fires_for_a_tiny_district() -> None:
    weights = {"big": 99.0, "tiny": 1.0}
    assert apportion(weights, 5, "webster") == {"big": 5, "tiny": 0}
    assert apportion(weights, 5, "webster", minimum={"tiny": 1}) == {"big": 4, "tiny": 1}


def test_maximum_fires_when_a_district_has_few_schools() -> None:
    weights = {"big": 90.0, "small": 10.0}
    assert apportion(weights, 6, "webster") == {"big": 5, "small": 1}
    capped = apportion(weights, 6, "webster", maximum={"big": 3, "small": 6})
    assert capped == {"big": 3, "small": 3}
    assert apportion(weights, 6, "hamilton", maximum={"big": 3, "small": 6}) == capped


def test_district_bounds() -> None:
    assert district_bounds(0, 4) == (0, 0)
    assert district_bounds(3, 4) == (1, 3)
    assert district_bounds(9, 4) == (3, 9)


def test_infeasible_bounds_raise() -> None:
    with pytest.raises(InfeasibleApportionmentError, match="too few"):
        apportion({"a": 1.0, "b": 1.0}, 1, minimum={"a": 1, "b": 1})
    with pytest.raises(InfeasibleApportionmentError, match="too many"):
        apportion({"a": 1.0, "b": 1.0}, 5, maximum={"a": 2, "b": 2})


def test_zero_officers_raise() -> None:
    with pytest.raises(NoOfficersError):
        apportion({"a": 1.0}, 0)


def test_unknown_method_raises_with_the_choices() -> None:
    with pytest.raises(UnknownMethodError, match="webster"):
        apportion({"a": 1.0}, 1, "d'hondt-ish")


def test_default_method_and_reason() -> None:
    assert DEFAULT_METHOD == "webster"
    assert "Alabama" in DEFAULT_METHOD_REASON and "unbiased" in DEFAULT_METHOD_REASON


def test_sergeants_follow_constables_and_report_span() -> None:
    placed = {d.division: d for d in place_sergeants({"N": 29, "E": 24, "W": 17}, 6)}
    # Webster on 29/24/17 for 6: quotas 2.49, 2.06, 1.46 -> 3, 2, 1.
    assert (placed["N"].sergeants, placed["E"].sergeants, placed["W"].sergeants) == (3, 2, 1)
    assert placed["E"].span == 12.0
    none = place_sergeants({"N": 3}, 0)
    assert none[0].sergeants == 0 and none[0].span == 0.0
