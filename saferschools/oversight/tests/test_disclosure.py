"""Disclosure control on the PUBLISHED report: tables built to leak (a total minus the visible
cells gives a small count back) are read back from the report's HTML and CSV and attacked with
the stats core's recovery tools; nothing hidden can be recovered, no count from 1 to 4 is
shown, and no figure computed from a hidden count is shown."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io

import pytest

from ..periods import Month
from ..render import report_html
from ..report import build_report, report_csv
from ..stats import Published1D, recover_by_lp, recover_by_subtraction
from .helpers import World, at
from .parse import parse_tables

pytestmark = pytest.mark.django_db

MONTH = Month(2025, 6)
DAY = dt.date(2025, 6, 12)


def _leaky_world() -> World:
    """Counts chosen so that primary suppression alone leaks by subtraction:

    - searches by ethnic group: White 12, Black 3, Asian 9 (total 24: 24 - 12 - 9 = 3);
    - decided outcomes at school A: NFA 3, diversion 10, criminal justice 7 (row total 20);
      at school B: NFA 6, diversion 8, criminal justice 2 (2 hidden; row total 16).
    """
    w = World(2)
    a, b = w.schools
    for eth, n in (("white_british", 12), ("black_african", 3), ("asian_indian", 9)):
        for _ in range(n):
            w.search(w.child(ethnicity=eth, school=a), at(DAY), outcome="nothing")
    for school, outcomes in ((a, (3, 10, 7)), (b, (6, 8, 2))):
        for outcome, n in zip(("nfa", "words_of_advice", "charge"), outcomes, strict=True):
            for _ in range(n):
                w.incident(w.child(school=school), at(DAY), outcome, premises=False)
    return w


def _count_cells(tables, kinds=("count",)):
    for t in tables:
        for row in t.rows:
            for kind, text in row:
                if kind in kinds:
                    yield t.key, text


def test_naive_primary_suppression_would_leak():
    """The control: hiding only the small cell gives it straight back."""
    naive = Published1D([12, None, 9, 0, 0, 0], 24)
    assert recover_by_subtraction(naive) == {(0, 1): 3}


@pytest.mark.parametrize("public", [True, False])
def test_published_report_leaks_nothing(public):
    _leaky_world()
    report = build_report(MONTH, public=public)
    tables = parse_tables(report_html(report))
    assert len(tables) == len(report.tables)
    attacked = 0
    for t in tables:
        for name, pub in t.published().items():
            hidden = [v for v in _values(pub) if v is None]
            if not hidden:
                continue
            attacked += 1
            assert recover_by_subtraction(pub) == {}, (t.key, name)
            assert recover_by_lp(pub) == {}, (t.key, name)
            # A hidden true zero makes the ">= 1" attacker's model infeasible (ValueError).
            with contextlib.suppress(ValueError):
                assert recover_by_lp(pub, hidden_min=1) == {}, (t.key, name)
    assert attacked >= 10
    # No count about children from 1 to 4 anywhere; in the public version, no count at all.
    kinds = ("count", "activity") if public else ("count",)
    shown = [(k, v) for k, v in _count_cells(tables, kinds) if v != "[c]"]
    assert shown and not [(k, v) for k, v in shown if int(v.replace(",", "")) in range(1, 5)]


def test_the_tables_built_to_leak_are_protected_in_the_public_report():
    _leaky_world()
    report = build_report(MONTH, public=True)
    tables = {t.key: t for t in parse_tables(report_html(report))}
    search = tables["rri-search-ethnicity"]
    children = search.published()["c0"]
    assert children.cells[1] is None  # Black's 3 searched children
    assert sum(v is None for v in children.cells) >= 2  # and a complement
    assert children.total == 24
    school = tables["outcomes-school"].published()["g"]
    assert school.cells[0][0] is None and school.cells[1][2] is None  # the 3 and the 2
    assert sum(v is None for row in school.cells for v in row) >= 4
    # Rates, RRIs and intervals beside a hidden count are hidden too.
    for t in tables.values():
        for row in t.rows:
            kinds = dict.fromkeys(k for k, _ in row)
            if any(k == "count" and v == "[c]" for k, v in row) and "rate" in kinds:
                assert all(v == "[c]" for k, v in row if k in {"rate", "ratio"}), t.key


def test_csv_publishes_the_same_suppressed_figures():
    _leaky_world()
    report = build_report(MONTH, public=True)
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    black = [r for r in rows if r["table"] == "rri-search-ethnicity" and r["row"] == "Black"]
    assert {r["value"] for r in black} == {"[c]"}
    assert all(r["status"] == "suppressed" for r in black)
    values = [
        r["value"] for r in rows if r["kind"] in {"count", "activity"} and r["value"] != "[c]"
    ]
    assert values and not [v for v in values if int(v.replace(",", "")) in range(1, 5)]


def _values(pub):
    if isinstance(pub, Published1D):
        return [*pub.cells, pub.total]
    return (
        [v for row in pub.cells for v in row] + pub.row_totals + pub.col_totals + [pub.grand_total]
    )
