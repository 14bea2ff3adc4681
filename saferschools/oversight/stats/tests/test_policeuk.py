"""Police.uk stop-and-search analysis: mapping rules, and the real Kent month checked against
counts taken independently from the file."""

import csv
import os
from pathlib import Path

import pytest

from saferschools.oversight.stats import age_band, analyse_stop_search, broad_ethnic_group
from saferschools.oversight.stats.intervals import wilson_interval


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("White - White British (W1)", "White"),
        ("White - White Irish (W2)", "White"),
        ("White - Any other White ethnic background (W9)", "White"),
        ("White - English/Welsh/Scottish/Northern Irish/British", "White"),
        ("White - Gypsy or Irish Traveller", "White"),
        ("Black or Black British - African (B2)", "Black"),
        ("Black or Black British - Any other Black ethnic background (B9)", "Black"),
        (
            "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
            "Black",
        ),
        ("Asian or Asian British - Indian (A1)", "Asian"),
        ("Asian/Asian British - Chinese", "Asian"),
        ("Chinese or other ethnic group - Chinese (O1)", "Asian"),
        ("Chinese or other ethnic group - Any other ethnic group (O9)", "Other"),
        ("Mixed - White and Black Caribbean (M1)", "Mixed"),
        ("Mixed/Multiple ethnic group - Any other Mixed/Multiple ethnic background", "Mixed"),
        ("Other ethnic group - Arab", "Other"),
        ("Other ethnic group - Any other ethnic group", "Other"),
        ("Other ethnic group - Not stated", "Not stated"),
        ("Not Stated (NS)", "Not stated"),
        ("", "Not stated"),
        ("White", "White"),
        ("Black", "Black"),
        ("Asian", "Asian"),
        ("Other", "Other"),
        ("Mixed", "Mixed"),
    ],
)
def test_broad_ethnic_group(label: str, group: str) -> None:
    assert broad_ethnic_group(label) == group


def test_unknown_label_is_loud() -> None:
    with pytest.raises(ValueError):
        broad_ethnic_group("Martian")


def test_age_band() -> None:
    assert [age_band(a) for a in ("under 10", "10-17", "18-24", "over 34", "")] == [
        "child",
        "child",
        "adult",
        "adult",
        None,
    ]


def _row(**kw: str) -> dict[str, str]:
    base = {
        "Type": "Person search",
        "Age range": "18-24",
        "Self-defined ethnicity": "White - White British (W1)",
        "Officer-defined ethnicity": "White",
        "Outcome": "Nothing found - no further action",
    }
    base.update({k.replace("_", " "): v for k, v in kw.items()})
    return base


def test_small_synthetic_month() -> None:
    rows = [
        _row(),
        _row(Outcome="Suspect arrested"),
        _row(Outcome=""),
        {**_row(), "Officer-defined ethnicity": "Black", "Age range": "10-17"},
        {**_row(), "Type": "Vehicle search", "Officer-defined ethnicity": "Other"},
        {**_row(), "Age range": "", "Self-defined ethnicity": "Not Stated (NS)"},
    ]
    a = analyse_stop_search(rows)
    assert (a.person_searches, a.vehicle_only_excluded, a.unknown_age) == (5, 1, 1)
    every = a.bands["all"]
    officer = {g.group: g for g in every.officer_defined}
    assert officer["White"].searches == 4 and officer["White"].share == pytest.approx(0.8)
    selfd = {g.group: g for g in every.self_defined}
    assert selfd["White"].share_of_stated == pytest.approx(1.0)
    assert selfd["Not stated"].share == pytest.approx(0.2)
    assert every.outcome_missing == 1
    assert every.outcome_officer_defined.overall.searches == 4
    assert every.outcome_officer_defined.overall.nothing_found == 3
    child = a.bands["child"]
    assert child.searches == 1
    black = next(r for r in child.outcome_officer_defined.rows if r.group == "Black")
    assert (black.searches, black.nothing_found, black.share) == (1, 1, 1.0)
    assert a.bands["adult"].searches == 3


# --- the real Kent month -------------------------------------------------------------------

SHARED = Path(
    os.environ.get("SHARED_DATA_DIR", Path(__file__).resolve().parents[4] / "../shared/data")
)
KENT = SHARED / "policeuk" / "2016-11-kent-stop-and-search.csv"

needs_file = pytest.mark.skipif(not KENT.is_file(), reason=f"{KENT} not present")


def _independent_counts() -> dict[tuple[str, str, str], list[int]]:
    """Count straight from the CSV with a different route from the implementation: map the
    strings by the first letter of the bracketed code / the officer label, key by
    (basis, age band, group) -> [searches, with recorded outcome, nothing found]."""
    letter = {"W": "White", "B": "Black", "A": "Asian", "M": "Mixed", "O": "Other"}
    out: dict[tuple[str, str, str], list[int]] = {}
    with KENT.open(encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh.read().splitlines()[1:]):
            kind, age, selfd, officer, outcome = rec[0], rec[7], rec[8], rec[9], rec[12]
            if kind == "Vehicle search":
                continue
            code = selfd[selfd.rfind("(") + 1 : -1] if selfd.endswith(")") else ""
            if code == "NS" or not code:
                self_group = "Not stated"
            elif code == "O1":
                self_group = "Asian"
            else:
                self_group = letter[code[0]]
            bands = ["all"]
            if age in ("10-17", "under 10"):
                bands.append("child")
            elif age in ("18-24", "25-34", "over 34"):
                bands.append("adult")
            for band in bands:
                for basis, group in (("officer", officer or "Not stated"), ("self", self_group)):
                    tally = out.setdefault((basis, band, group), [0, 0, 0])
                    tally[0] += 1
                    if outcome != "":
                        tally[1] += 1
                    if outcome == "Nothing found - no further action":
                        tally[2] += 1
    return out


@pytest.mark.realdata
@needs_file
def test_kent_november_2016_against_independent_counts() -> None:
    with KENT.open(encoding="utf-8", newline="") as fh:
        analysis = analyse_stop_search(list(csv.DictReader(fh)))
    expected = _independent_counts()
    assert analysis.person_searches == 599 and analysis.vehicle_only_excluded == 1
    for band_name, band in analysis.bands.items():
        for basis, shares, test in (
            ("officer", band.officer_defined, band.outcome_officer_defined),
            ("self", band.self_defined, band.outcome_self_defined),
        ):
            total = sum(
                v[0] for (b, bn, _), v in expected.items() if b == basis and bn == band_name
            )
            assert band.searches == total
            by_group = {r.group: r for r in test.rows}
            for share in shares:
                n, recorded, nothing = expected.get((basis, band_name, share.group), [0, 0, 0])
                assert share.searches == n
                assert share.share == pytest.approx(n / total)
                row = by_group[share.group]
                assert (row.searches, row.nothing_found) == (recorded, nothing)
                if recorded:
                    assert row.share == pytest.approx(nothing / recorded)
                    assert (row.ci_low, row.ci_high) == pytest.approx(
                        wilson_interval(nothing, recorded)
                    )
    # fixed anchors, counted with collections.Counter over the raw file when writing this test
    officer_all = {g.group: g.searches for g in analysis.bands["all"].officer_defined}
    assert officer_all == {
        "White": 482,
        "Black": 65,
        "Asian": 17,
        "Mixed": 0,
        "Other": 35,
        "Not stated": 0,
    }
    assert analysis.bands["child"].searches == 106  # 105 aged 10-17 and 1 under 10
    assert analysis.bands["all"].outcome_officer_defined.overall.nothing_found == 326
