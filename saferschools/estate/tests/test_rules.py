import pytest

from saferschools.estate.rules import (
    check_groups,
    gets_named_officer,
    is_secondary_phase,
    school_group,
)


@pytest.mark.parametrize(
    ("phase", "type_name", "group", "high_age", "expected"),
    [
        ("Secondary", "Academy converter", "Academies", None, True),
        ("All-through", "Academy sponsor led", "Academies", None, True),
        ("Middle deemed secondary", "Community school", "", None, True),
        # Decision 140: 16-19 institutions and colleges are secondary duties, not named places.
        ("16 plus", "Academy secure 16 to 19", "Academies", None, False),
        ("Not applicable", "Pupil referral unit", "", None, True),
        ("Not applicable", "Academy alternative provision converter", "", None, True),
        ("Not applicable", "Foundation special school", "Special schools", None, True),
        ("Not applicable", "Foundation special school", "Special schools", 11, False),
        ("Not applicable", "Foundation special school", "Special schools", 19, True),
        ("16 plus", "Further education", "Colleges", None, False),
        ("Primary", "Community school", "", None, False),
        ("Not applicable", "Other independent school", "Independent schools", None, False),
        # Decision 140: independent special schools get a named officer (the force's words).
        ("Not applicable", "Other independent special school", "Special schools", None, True),
        ("Not applicable", "Other independent special school", "Special schools", 11, False),
        ("Not applicable", "Higher education institutions", "Universities", None, False),
    ],
)
def test_secondary_phase_rule(phase, type_name, group, high_age, expected):
    assert is_secondary_phase(phase, type_name, group, high_age) is expected


def test_school_groups_are_named():
    assert school_group("Not applicable", "Pupil referral unit") == "ap"
    assert school_group("Primary", "Community school") == "primary"


def test_school_groups_follow_the_forces_announcement():
    assert school_group("All-through", "Academy converter") == "all_through"
    assert school_group("Not applicable", "Other independent special school") == "ind_special"
    assert school_group("Not applicable", "Other independent school", "Independent schools") == (
        "independent"
    )
    assert school_group("16 plus", "Further education", "Colleges") == "college"
    assert school_group("Not applicable", "Special post 16 institution") == "college"
    assert school_group("Not applicable", "Higher education institutions") == "university"


def test_a_force_can_choose_other_groups():
    assert gets_named_officer("16 plus", "Further education", groups=frozenset({"college"}))
    assert not gets_named_officer("Secondary", "Academy converter", groups=frozenset({"college"}))
    with pytest.raises(ValueError, match="Unknown establishment type"):
        check_groups(["secondary", "nurseries"])
