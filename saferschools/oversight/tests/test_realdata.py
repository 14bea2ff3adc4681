"""The force's real police.uk stop and search month (Kent, November 2016), loaded by the
importer, analysed by oversight, and checked against counts taken straight from the CSV file
with nothing but the csv module and the published strings."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_user

from .. import figures as F
from ..periods import Month
from ..report import build_report

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

NOV_2016 = Month(2016, 11)
NOTHING = "Nothing found - no further action"


def _csv_rows(data_dir):
    path = data_dir / "policeuk" / "2016-11-kent-stop-and-search.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["Type"] != "Vehicle search"]


def test_group_shares_and_outcome_test_match_the_csv(kent_area):
    rows = _csv_rows(kent_area)
    a = F.stop_search(NOV_2016)
    assert a is not None
    assert a.person_searches == len(rows) == 599
    assert a.vehicle_only_excluded == 1

    for band, ages in (("all", None), ("child", {"under 10", "10-17"})):
        band_rows = [r for r in rows if ages is None or r["Age range"] in ages]
        b = a.bands[band]
        assert b.searches == len(band_rows)
        # Officer-defined ethnicity is published as a plain group name.
        officer = Counter(r["Officer-defined ethnicity"] or "Not stated" for r in band_rows)
        got = {g.group: g.searches for g in b.officer_defined if g.searches}
        assert got == dict(officer)
        stated = sum(n for g, n in officer.items() if g != "Not stated")
        for g in b.officer_defined:
            if g.group != "Not stated" and stated:
                assert g.share_of_stated == pytest.approx(officer[g.group] / stated)
        # Outcome test: searches with an outcome, and those that found nothing, by group.
        with_outcome = [r for r in band_rows if r["Outcome"]]
        searched = Counter(r["Officer-defined ethnicity"] or "Not stated" for r in with_outcome)
        nothing = Counter(
            r["Officer-defined ethnicity"] or "Not stated"
            for r in with_outcome
            if r["Outcome"] == NOTHING
        )
        test = b.outcome_officer_defined
        for r in test.rows:
            assert (r.searches, r.nothing_found) == (searched[r.group], nothing[r.group])
        assert test.overall.searches == len(with_outcome)
        assert test.overall.share == pytest.approx(sum(nothing.values()) / len(with_outcome))
        assert b.outcome_missing == len(band_rows) - len(with_outcome)

    # The figures the report states (kept in the test so a change in the data shows).
    assert a.bands["child"].searches == 106
    child = {g.group: g.searches for g in a.bands["child"].officer_defined}
    assert child == {"White": 84, "Black": 13, "Asian": 2, "Mixed": 0, "Other": 7, "Not stated": 0}
    nothing = {
        r.group: (r.nothing_found, r.searches)
        for r in a.bands["all"].outcome_officer_defined.rows
        if r.searches
    }
    assert nothing == {"White": (263, 462), "Black": (37, 55), "Asian": (5, 17), "Other": (21, 32)}


def test_the_stop_search_page_shows_children_apart(kent_area, client):
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(f"/oversight/stop-search/{NOV_2016.key}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Person searches of children (under 18) by ethnic group, November 2016" in html
    assert "599 person searches" in html
    report = build_report(NOV_2016, public=True, sections=["stop_search"])
    assert len(report.charts) == 2
    t = next(t for t in report.tables if t.key == "ss-outcome-all-officer")
    all_row = next(r for r in t.rows if r.is_total)
    rows = _csv_rows(kent_area)
    with_outcome = [r for r in rows if r["Outcome"]]
    assert all_row.cells[0].text == f"{len(with_outcome):,}"
    assert all_row.cells[1].text == f"{sum(r['Outcome'] == NOTHING for r in with_outcome):,}"
