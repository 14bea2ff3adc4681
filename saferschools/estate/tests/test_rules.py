import pytest

from saferschools.estate.rules import is_secondary_phase, school_group


@pytest.mark.parametrize(
    ("phase", "type_name", "group", "high_age", "expected"),
    [
        ("Secondary", "Academy converter", "Academies", None, True),
        ("All-through", "Academy sponsor led", "Academies", None, True),
        ("Middle deemed secondary", "Community school", "", None, True),
        ("16 plus", "Academy secure 16 to 19", "Academies", None, True),
        ("Not applicable", "Pupil referral unit", "", None, True),
        ("Not applicable", "Academy alternative provision converter", "", None, True),
        ("Not applicable", "Foundation special school", "Special schools", None, True),
        ("Not applicable", "Foundation special school", "Special schools", 11, False),
        ("Not applicable", "Foundation special school", "Special schools", 19, True),
        ("16 plus", "Further education", "Colleges", None, True),
        ("Primary", "Community school", "", None, False),
        ("Not applicable", "Other independent school", "Independent schools", None, False),
        ("Not applicable", "Other independent special school", "Special schools", None, False),
        ("Not applicable", "Higher education institutions", "Universities", None, False),
    ],
)
def test_secondary_phase_rule(phase, type_name, group, high_age, expected):
    assert is_secondary_phase(phase, type_name, group, high_age) is expected


def test_school_groups_are_named():
    assert school_group("Not applicable", "Pupil referral unit") == "ap"
    assert school_group("Primary", "Community school") == "primary"
