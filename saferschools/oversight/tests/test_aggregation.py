"""From casework records to the published disproportionality table, checked against figures
worked out by hand (the stats core tests the formulas; this tests the counting)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from saferschools.casework.models import YoungPerson

from .. import figures as F
from ..periods import Month, Window
from ..report import build_report, rri_table
from .helpers import World, at

pytestmark = pytest.mark.django_db

MONTH = Month(2025, 6)
WINDOW = Window.trailing(MONTH, 12)  # July 2024 to June 2025
IN = at(dt.date(2025, 3, 10))
OUT = at(dt.date(2024, 5, 10))  # 13 months before the report month ends: outside


def _world() -> World:
    """Black: 10 children known, 8 searched. White: 20 known, 5 searched (one of them twice).

    Hand-worked: rate Black = 8/10 = 800 per 1,000; White = 5/20 = 250 per 1,000;
    RRI = 800/250 = 3.2. SE(ln RRI) = sqrt(1/8 - 1/10 + 1/5 - 1/20) = sqrt(0.175) = 0.418330;
    z = 1.959964, so the factor exp(z * SE) = exp(0.819912) = 2.270311;
    95% interval 3.2 / 2.270311 = 1.40950 to 3.2 * 2.270311 = 7.26499 (shown 1.41 to 7.26): excludes 1, so
    significant (higher).
    """
    w = World(2)
    for k in range(10):
        yp = w.child(
            ethnicity="black_caribbean" if k % 2 else "black_african", fsm="yes" if k < 6 else "no"
        )
        if k < 8:
            w.search(yp, IN)
        else:
            w.concern(yp, IN)
    for k in range(20):
        yp = w.child(
            ethnicity="white_british", fsm="yes" if k < 4 else "no", school=w.schools[k % 2]
        )
        if k < 5:
            w.search(yp, IN)
            if k == 0:
                w.search(yp, IN + dt.timedelta(days=2))  # the same child again: counted once
        else:
            w.concern(yp, IN)
    # Outside the window: a search of a child with nothing else in the window (not known).
    old = w.child(ethnicity="black_african")
    w.search(old, OUT)
    return w


def test_counts_children_once_and_only_in_the_window():
    _world()
    d = F.disproportionality(WINDOW)
    assert d.children_known == 30
    counts = d.group_counts("search", "ethnicity")
    assert counts["Black"].actions == 8 and counts["Black"].population == 10
    assert counts["White"].actions == 5 and counts["White"].population == 20
    assert sum(c.population for c in counts.values()) == 30
    # Free school meals: Black 6 eligible (searched 6 of them), White 4 eligible (all searched).
    fsm = d.group_counts("search", "fsm")
    assert (fsm["Eligible"].actions, fsm["Eligible"].population) == (6 + 4, 6 + 4)
    assert (fsm["Not eligible"].actions, fsm["Not eligible"].population) == (2 + 1, 4 + 16)
    # The outcome test counts searches (events), not children: 8 + 6 in the window.
    assert sum(c.searches for c in d.search_outcomes["ethnicity"].values()) == 14


def test_rri_and_interval_match_the_hand_computation_in_the_published_table():
    _world()
    d = F.disproportionality(WINDOW)
    t = rri_table("t", "Searched", "ethnicity", d.group_counts("search", "ethnicity"))
    rows = {r.label: [c.text for c in r.cells] for r in t.rows}
    assert t.columns == [
        "Children",
        "Children known",
        "Rate per 1,000",
        "Relative rate index",
        "95% interval",
        "Significant",
    ]
    assert rows["Black"] == ["8", "10", "800.0", "3.20", "1.41 to 7.26", "Yes, higher"]
    assert rows["White"] == ["5", "20", "250.0", "1.00", "reference", "–"]
    assert rows["All"][:3] == ["13", "30", "433.3"]
    # The unrounded figures behind the cells.
    black = next(r for r in t.rows if r.label == "Black")
    se = math.sqrt(1 / 8 - 1 / 10 + 1 / 5 - 1 / 20)
    assert black.cells[3].value == pytest.approx(3.2)
    lo, hi = 3.2 * math.exp(-1.959964 * se), 3.2 * math.exp(1.959964 * se)
    assert (lo, hi) == pytest.approx((1.40950, 7.26500), abs=1e-4)
    assert black.cells[4].text == f"{lo:.2f} to {hi:.2f}"


def test_the_report_publishes_the_same_table_and_hides_a_small_group():
    w = _world()
    # Two Asian children known, one searched: 1 and 2 are below 5, so hidden with the
    # figures computed from them.
    a1 = w.child(ethnicity="asian_indian")
    w.search(a1, IN)
    a2 = w.child(ethnicity="asian_indian")
    w.concern(a2, IN)
    report = build_report(MONTH, public=True, sections=["disproportionality"])
    t = next(t for t in report.tables if t.key == "rri-search-ethnicity")
    rows = {r.label: [c.text for c in r.cells] for r in t.rows}
    assert rows["Asian"] == ["[c]"] * 6
    # Secondary suppression: the total minus the visible cells would give Asian back, so
    # the smallest other non-zero count of each column is hidden too: White's 5 children
    # searched, Black's 10 children known. Every figure computed from them goes as well
    # (the reference group's counts are hidden, so no RRI can be shown at all).
    assert rows["White"] == ["[c]", "20", "[c]", "[c]", "[c]", "[c]"]
    assert rows["Black"] == ["8", "[c]", "[c]", "[c]", "[c]", "[c]"]
    assert rows["All"][:3] == ["14", "32", "437.5"]


def test_anonymised_children_leave_the_rates_but_stay_in_the_outcome_test():
    _world()
    yp = YoungPerson.objects.filter(ethnicity="black_african", searches__isnull=False).first()
    YoungPerson.all_objects.filter(pk=yp.pk).update(anonymised_at=IN)
    d = F.disproportionality(WINDOW)
    assert d.group_counts("search", "ethnicity")["Black"].population == 9
    assert d.search_outcomes["ethnicity"]["Black"].searches == 8
    assert d.unlinked_events >= 1


def test_prevent_arrest_criminal_justice_and_diversion_counts():
    w = World(1)
    kids = [w.child(ethnicity="white_british") for _ in range(6)]
    w.referral(kids[0], dt.date(2025, 2, 1), "prevent")
    w.referral(kids[1], dt.date(2025, 2, 1), "early_help")
    w.incident(kids[2], IN, "arrest")
    w.incident(kids[3], IN, "charge")
    w.incident(kids[4], IN, "restorative")
    w.search(kids[5], IN, outcome="arrest")
    d = F.disproportionality(WINDOW)
    white = {a: d.group_counts(a, "ethnicity")["White"].actions for a in F.ACTIONS}
    assert white == {
        "search": 1,
        "strip_search": 0,
        "arrest": 2,
        "prevent": 1,
        "criminal_justice": 2,
        "diversion": 1,
    }
    # Of decided outcomes (2 criminal justice, 1 diversion), the criminal-justice share.
    share = d.outcome_share["ethnicity"]["White"]
    assert (share.searches, share.nothing_found) == (3, 2)
