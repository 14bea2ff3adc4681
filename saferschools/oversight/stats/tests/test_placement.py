"""Placement fairness: officer time against pupils by group."""

import pytest

from saferschools.oversight.stats import SchoolPlacement, fsm_split, placement_fairness


def test_fsm_split() -> None:
    assert fsm_split(1000, 25.0) == {"FSM": 250.0, "Not FSM": 750.0}
    with pytest.raises(ValueError):
        fsm_split(100, 120)


def test_fsm_representation_hand_computed() -> None:
    """School A: 1,000 pupils, 40% FSM, 1.0 FTE -> FSM 400 pupils / 0.4 FTE, other 600 / 0.6.
    School B: 1,000 pupils, 10% FSM, 0.5 FTE -> FSM 100 / 0.05, other 900 / 0.45.
    School C: no roll on record, 0.2 FTE -> unattributed.
    FSM: 500 pupils, 0.45 FTE -> 0.9 per 1,000; officer share 0.45/1.5 = 0.30,
    pupil share 500/2000 = 0.25, ratio 1.2. Not FSM: 1500, 1.05 FTE -> 0.7 per 1,000;
    0.70 / 0.75 = 0.9333."""
    schools = [
        SchoolPlacement("A", 1.0, fsm_split(1000, 40)),
        SchoolPlacement("B", 0.5, fsm_split(1000, 10)),
        SchoolPlacement("C", 0.2, {"FSM": 0, "Not FSM": 0}),
    ]
    result = placement_fairness(schools)
    fsm, other = result.rows
    assert fsm.group == "FSM" and other.group == "Not FSM"
    assert fsm.pupils == pytest.approx(500) and fsm.officer_fte == pytest.approx(0.45)
    assert fsm.officers_per_1000 == pytest.approx(0.9)
    assert fsm.officer_share == pytest.approx(0.30)
    assert fsm.pupil_share == pytest.approx(0.25)
    assert fsm.representation_ratio == pytest.approx(1.2)
    assert other.officers_per_1000 == pytest.approx(0.7)
    assert other.representation_ratio == pytest.approx(0.7 / 0.75)
    assert result.unattributed_fte == pytest.approx(0.2)
    assert result.total_fte == pytest.approx(1.5)
    assert result.total_pupils == pytest.approx(2000)


def test_deprivation_deciles_one_group_per_school() -> None:
    schools = [
        SchoolPlacement("A", 1.0, {"decile 1": 500}),
        SchoolPlacement("B", 0.0, {"decile 10": 1500}),
    ]
    rows = {r.group: r for r in placement_fairness(schools).rows}
    assert rows["decile 1"].representation_ratio == pytest.approx(4.0)
    assert rows["decile 10"].representation_ratio == pytest.approx(0.0)
    assert rows["decile 10"].officers_per_1000 == 0.0


def test_no_officers_gives_no_shares() -> None:
    rows = placement_fairness([SchoolPlacement("A", 0.0, {"x": 10})]).rows
    assert rows[0].officer_share is None and rows[0].representation_ratio is None
    with pytest.raises(ValueError):
        SchoolPlacement("A", -1.0, {})
