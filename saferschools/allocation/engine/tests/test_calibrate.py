"""Calibration: weights and method that reproduce an allocation, and how close they get."""

from __future__ import annotations

import random

import pytest

from saferschools.allocation.engine import (
    DemandWeights,
    District,
    Instance,
    InvalidInputError,
    Lsoa,
    PlanningRules,
    PlanSettings,
    School,
)
from saferschools.allocation.engine.calibrate import _allocation, calibrate


def varied_force(constables: int = 40, seed: int = 7) -> Instance:
    """Nine districts in three divisions whose factors do not move together."""
    rng = random.Random(seed)
    districts, schools, lsoas = [], [], []
    for i in range(9):
        code = f"D{i}"
        districts.append(District(code, f"District {i}", ("North", "East", "West")[i % 3]))
        for j in range(rng.randint(3, 12)):
            schools.append(
                School(
                    urn=f"{i}{j:02d}",
                    name=f"School {i}-{j}",
                    district=code,
                    easting=rng.uniform(0, 30_000) + 40_000 * i,
                    northing=rng.uniform(0, 30_000),
                    pupils=rng.randint(150, 1800),
                    fsm_percent=rng.uniform(4, 45),
                )
            )
        for k in range(rng.randint(20, 90)):
            lsoas.append(Lsoa(f"L{i}-{k}", code, rng.randint(1, 32844), rng.randint(1, 32844)))
    return Instance(tuple(districts), tuple(schools), constables, 6, tuple(lsoas))


def counts(inst: Instance) -> dict[str, int]:
    out = {d.code: 0 for d in inst.districts}
    for s in inst.schools:
        out[s.district] += 1
    return out


@pytest.mark.parametrize(
    ("weights", "method"),
    [
        (DemandWeights(crime=2, schools=0.5, deprivation=1, pupils=3), "webster"),
        (DemandWeights(crime=0, schools=1, deprivation=2, pupils=1, fsm_fraction=0.8), "webster"),
        (DemandWeights(crime=1, schools=1, deprivation=1, pupils=1), "huntington_hill"),
    ],
)
def test_calibrating_to_the_products_own_allocation_recovers_it_exactly(
    weights: DemandWeights, method: str
) -> None:
    inst = varied_force()
    settings = PlanSettings(max_schools_per_officer=12)
    made = _allocation(inst, settings, weights, method, counts(inst))
    fit = calibrate(inst, settings, made)
    assert fit.exact, fit.to_dict()
    assert {d.code: d.calibrated for d in fit.districts} == made
    # The fitted weights, run through the product again, give the same allocation.
    again = _allocation(inst, settings, fit.weights, fit.method, counts(inst))
    assert again == made
    doc = fit.to_dict()
    assert set(doc) >= {"weights", "method", "districts"}
    assert all(set(d) >= {"code", "current", "calibrated"} for d in doc["districts"])
    assert all(v >= 0 for v in doc["weights"].values())


def test_a_partial_allocation_with_pinned_districts() -> None:
    inst = varied_force()
    settings = PlanSettings(max_schools_per_officer=12)
    made = _allocation(inst, settings, DemandWeights(2, 1, 0.5, 1), "webster", counts(inst))
    # The force gives four districts; one more is pinned at one fewer than the product gives it.
    given = {c: made[c] for c in ("D0", "D2", "D4", "D6")}
    pin = {"D8": made["D8"] - 1}
    pinned = PlanSettings(max_schools_per_officer=12, rules=PlanningRules(pinned=pin))
    fit = calibrate(inst, pinned, given)
    got = {d.code: d.calibrated for d in fit.districts}
    assert got["D8"] == pin["D8"]
    assert sum(got.values()) == inst.constables
    assert {c: got[c] for c in given} == given, fit.to_dict()["districts"]
    d8 = next(d for d in fit.districts if d.code == "D8")
    assert "Pinned" in d8.reason
    free = [d for d in fit.districts if d.code not in given and d.code != "D8"]
    assert all(d.current is None for d in free)


def test_an_allocation_no_weights_can_reach_is_fitted_as_closely_as_possible() -> None:
    inst = varied_force()
    settings = PlanSettings(max_schools_per_officer=12)
    made = _allocation(inst, settings, DemandWeights(1, 1, 1, 1), "webster", counts(inst))
    big = max(made, key=lambda c: made[c])
    small = min(made, key=lambda c: (made[c], c))
    odd = dict(made)
    # Move three officers from the district with most demand to the one with least: today's
    # numbers that no weighting of the four factors gives.
    odd[big] -= 3
    odd[small] += 3
    fit = calibrate(inst, settings, odd)
    assert not fit.exact
    assert fit.districts_differing >= 1
    differing = [d for d in fit.districts if d.differs]
    assert fit.officers_differing == sum(abs(d.calibrated - (d.current or 0)) for d in differing)
    for d in differing:
        assert d.reason.startswith(f"Today {d.current}, calibrated {d.calibrated}")
        assert f"pin {d.name} at {d.current}" in d.reason
    assert "differ" in fit.summary()


def test_bad_current_allocations_are_refused_clearly() -> None:
    inst = varied_force()
    with pytest.raises(InvalidInputError, match="E99"):
        calibrate(inst, PlanSettings(), {"E99": 3})
    full = dict.fromkeys((d.code for d in inst.districts), 1)
    with pytest.raises(InvalidInputError, match="9 constables in all, not 40"):
        calibrate(inst, PlanSettings(), full)
