"""District demand: factor shares, fallbacks, gap filling, and the explanation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from saferschools.allocation.engine import (
    DemandWeights,
    District,
    Instance,
    MissingFactorError,
    district_demand,
    explain,
)

from .factories import school, two_district_instance

N = 32844  # LSOAs ranked in IoD2019


def test_shares_by_hand() -> None:
    demand, warnings = district_demand(two_district_instance())
    assert warnings == []
    north, south = demand["N"], demand["S"]
    # schools 6 vs 3, pupils 6000 vs 3000, FSM pupils 1200 vs 600: two thirds each.
    for f in ("schools", "pupils", "fsm_pupils"):
        assert north.factors[f].share == pytest.approx(2 / 3)
    assert north.factors["pupils"].raw == 6000
    assert north.factors["fsm_pupils"].raw == pytest.approx(1200)
    # IoD crime domain: sum of (N + 1 - crime_rank) / N over the district's LSOAs.
    crime_n = ((N + 1 - 2000) + (N + 1 - 30000)) / N
    crime_s = ((N + 1 - 10000) + (N + 1 - 12000)) / N
    assert north.factors["crime"].raw == pytest.approx(crime_n)
    assert north.factors["crime"].share == pytest.approx(crime_n / (crime_n + crime_s))
    # IMD: schools have no LSOA, so each takes its district's mean LSOA score.
    imd_n = 6 * ((N + 1 - 1000) + (N + 1 - 20000)) / 2 / N
    imd_s = 3 * ((N + 1 - 5000) + (N + 1 - 15000)) / 2 / N
    assert north.factors["imd"].share == pytest.approx(imd_n / (imd_n + imd_s))
    expected = (
        crime_n / (crime_n + crime_s) + 2 / 3 + 0.5 * 2 / 3 + 0.5 * imd_n / (imd_n + imd_s) + 2 / 3
    ) / 4
    assert north.share == pytest.approx(expected)
    assert north.share + south.share == pytest.approx(1.0)
    assert any("IoD2019" in n for n in north.notes)


def test_weights_change_the_share() -> None:
    only_schools = DemandWeights(crime=0, schools=1, deprivation=0, pupils=0)
    demand, _ = district_demand(two_district_instance(), only_schools)
    assert demand["N"].share == pytest.approx(2 / 3)
    assert set(demand["N"].factors) == {"schools"}


def test_recorded_crime_with_harm_weights_replaces_the_iod_proxy() -> None:
    inst = two_district_instance()
    districts = (
        replace(inst.districts[0], recorded_crime={"Violence": 10, "Theft": 30}),
        replace(inst.districts[1], recorded_crime={"Violence": 20, "Theft": 0}),
    )
    inst = replace(inst, districts=districts)
    flat, _ = district_demand(inst)
    assert flat["N"].factors["crime"].share == pytest.approx(40 / 60)
    harm, _ = district_demand(inst, crime_severity={"Violence": 3.0})
    assert harm["N"].factors["crime"].raw == 60
    assert harm["N"].factors["crime"].share == pytest.approx(0.5)


def test_school_lsoa_is_used_when_known() -> None:
    inst = two_district_instance()
    schools = tuple(replace(s, lsoa="L1") if s.urn == "n1" else s for s in inst.schools)
    demand, _ = district_demand(replace(inst, schools=schools))
    base, _ = district_demand(inst)
    assert demand["N"].factors["imd"].raw > base["N"].factors["imd"].raw


def test_crime_for_some_districts_only_is_refused() -> None:
    inst = two_district_instance()
    inst = replace(
        inst, districts=(replace(inst.districts[0], recorded_crime={"x": 1}), inst.districts[1])
    )
    with pytest.raises(MissingFactorError, match="Southville"):
        district_demand(inst)


def test_district_without_crime_data_is_refused_with_its_name() -> None:
    inst = two_district_instance()
    inst = replace(inst, lsoas=tuple(lsoa for lsoa in inst.lsoas if lsoa.district != "S"))
    with pytest.raises(MissingFactorError, match=r"Southville \(S\).*crime"):
        district_demand(inst)
    # Without the crime and IMD parts the same data are enough.
    ok, _ = district_demand(inst, DemandWeights(crime=0, fsm_fraction=1.0))
    assert ok["S"].share == pytest.approx(1 / 3)


def test_missing_imd_for_a_district_is_refused() -> None:
    inst = two_district_instance()
    inst = replace(inst, lsoas=tuple(lsoa for lsoa in inst.lsoas if lsoa.district != "S"))
    with pytest.raises(MissingFactorError, match="IMD"):
        district_demand(inst, DemandWeights(crime=0))


def test_missing_pupils_take_the_district_median_with_a_warning() -> None:
    inst = Instance(
        (District("A", "Alpha", "X"),),
        (
            school("a1", "A", 0, 0, pupils=600, fsm=10.0),
            school("a2", "A", 1, 0, pupils=1000, fsm=30.0),
            school("a3", "A", 2, 0, pupils=None, fsm=None),
        ),
        1,
    )
    demand, warnings = district_demand(inst, DemandWeights(crime=0, fsm_fraction=1.0))
    assert demand["A"].factors["pupils"].raw == 600 + 1000 + 800
    # FSM: pupil-weighted mean (600*10 + 1000*30) / 1600 = 22.5% of 800.
    assert demand["A"].factors["fsm_pupils"].raw == pytest.approx(60 + 300 + 800 * 0.225)
    assert len(warnings) == 2 and "a3" in warnings[0]


def test_no_pupil_counts_at_all_is_refused() -> None:
    inst = Instance((District("A", "Alpha", "X"),), (school("a1", "A", 0, 0, pupils=None),), 1)
    with pytest.raises(MissingFactorError, match="pupil count"):
        district_demand(inst, DemandWeights(crime=0, fsm_fraction=1.0))


def test_explanation_a_headteacher_can_read() -> None:
    demand, _ = district_demand(two_district_instance())
    text = explain("Northtown", demand["N"], 3, 5)
    assert text.startswith("Northtown gets 60.0% of the officers (3 of 5)")
    assert "66.7% of the force's secondary schools" in text
    assert "pupils on free school meals" in text and "IoD2019 crime domain" in text
