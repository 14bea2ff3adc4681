"""Disclosure control: primary/secondary suppression and the attacks that audit it."""

import os
from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from saferschools.oversight.stats import disclosure


def test_round_to_base() -> None:
    assert [disclosure.round_to_base(v) for v in (0, 2, 3, 7, 12, 13, 15)] == [
        0,
        0,
        5,
        5,
        10,
        15,
        15,
    ]
    assert disclosure.round_to_base(149, 10) == 150


def test_1d_primary_and_secondary() -> None:
    """3 is hidden (1-4), the true zero is shown, and the next-smallest non-zero cell (7) is
    hidden too, otherwise 3 = 62 - 0 - 12 - 40 - 7."""
    pub = disclosure.suppress_1d([0, 3, 12, 40, 7])
    assert pub == disclosure.Published1D(cells=[0, None, 12, 40, None], total=62)
    assert disclosure.recover_by_subtraction(pub) == {}
    assert disclosure.recover_by_lp(pub, hidden_min=1) == {}
    assert disclosure.hidden_bounds(pub) == {(0, 1): (0, 10), (0, 4): (0, 10)}


def test_1d_zero_suppression_is_configurable() -> None:
    pub = disclosure.suppress_1d([0, 30, 12], suppress_zero=True)
    assert pub.cells[0] is None
    assert sum(c is None for c in pub.cells) >= 2


def test_1d_without_small_cells_is_untouched() -> None:
    assert disclosure.suppress_1d([10, 0, 25]) == disclosure.Published1D(
        cells=[10, 0, 25], total=35
    )


def test_1d_small_total_is_hidden() -> None:
    pub = disclosure.suppress_1d([0, 3])
    assert pub.total is None and pub.cells == [0, None]


# A table built to leak: hiding only the cells under 5 gives them away by subtraction.
LEAKY = [
    [3, 10, 20],
    [12, 15, 30],
    [40, 2, 50],
]


def test_primary_only_publication_leaks() -> None:
    """Row 0: 33 - 10 - 20 = 3; row 2: 92 - 40 - 50 = 2. This is the failure mode."""
    naive = disclosure.Published2D(
        cells=[[None, 10, 20], [12, 15, 30], [40, None, 50]],
        row_totals=[33, 57, 92],
        col_totals=[55, 27, 100],
        grand_total=182,
    )
    assert disclosure.recover_by_subtraction(naive) == {(0, 0): 3, (2, 1): 2}
    assert disclosure.recover_by_lp(naive) == {(0, 0): 3, (2, 1): 2}


def test_suppressed_leaky_table_leaks_nothing() -> None:
    pub = disclosure.suppress_2d(LEAKY)
    assert pub.cells == [[None, None, 20], [12, 15, 30], [None, None, 50]]
    assert pub.row_totals == [33, 57, 92] and pub.col_totals == [55, 27, 100]
    assert pub.grand_total == 182
    assert disclosure.recover_by_subtraction(pub) == {}
    assert disclosure.recover_by_lp(pub, hidden_min=1) == {}
    # x00 + x01 = 13, x01 + x21 = 12, each >= 1: x01 in 1..11, so x00 in 2..12, x21 in 1..11
    bounds = disclosure.hidden_bounds(pub, hidden_min=1)
    assert bounds[(0, 0)] == (2, 12) and bounds[(2, 1)] == (1, 11)


def test_small_margins_are_suppressed_and_protected() -> None:
    pub = disclosure.suppress_2d([[1, 2], [30, 40]])
    assert pub.row_totals[0] is None  # the row total 3 is itself a small count
    _assert_no_lone_hidden(pub)
    assert disclosure.recover_by_subtraction(pub) == {}
    assert disclosure.recover_by_lp(pub) == {}


def test_audit_closes_a_leak_the_line_rule_misses() -> None:
    """Found by random search: with the line rule alone every row and column has 0 or >= 2
    hidden entries, yet non-negativity pins cell (0, 3) = 1 (the integer programme allows only
    one value). The audit adds complements until nothing is pinned."""
    table = [[8, 8, 3, 1], [8, 10, 8, 3], [10, 2, 3, 20], [1, 20, 0, 4]]
    line_rule_only = disclosure.suppress_2d(table, audit=False)
    _assert_no_lone_hidden(line_rule_only)
    assert disclosure.recover_by_subtraction(line_rule_only) == {}
    assert disclosure.recover_by_lp(line_rule_only) == {(0, 3): 1}
    audited = disclosure.suppress_2d(table)
    _assert_no_lone_hidden(audited)
    assert disclosure.recover_by_lp(audited, hidden_min=1) == {}


def _bordered(
    cells: Sequence[Sequence[Any]], row_totals: Sequence[Any], col_totals: Sequence[Any], grand: Any
) -> dict[tuple[int, int], Any]:
    """A table drawn with its totals (each row's at its end, the totals row last), by position."""
    drawn = [[*row, total] for row, total in zip(cells, row_totals, strict=True)]
    drawn.append([*col_totals, grand])
    return {(i, j): v for i, row in enumerate(drawn) for j, v in enumerate(row)}


def _grid(pub: disclosure.Published2D) -> dict[tuple[int, int], int | None]:
    return _bordered(pub.cells, pub.row_totals, pub.col_totals, pub.grand_total)


def _assert_no_lone_hidden(pub: disclosure.Published2D) -> None:
    g = _grid(pub)
    for line in disclosure._lines_2d(len(pub.cells), len(pub.cells[0])):
        assert sum(g[p] is None for p in line) != 1, line


small_heavy = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda c: st.lists(st.lists(small_heavy, min_size=c, max_size=c), min_size=1, max_size=5)
)


@settings(max_examples=int(os.environ.get("SDC_EXAMPLES", "150")), deadline=None)
@given(tables)
def test_property_no_suppressed_cell_is_recoverable(table: list[list[int]]) -> None:
    pub = disclosure.suppress_2d(table)
    column_sums = [sum(column) for column in zip(*table, strict=True)]
    truth = _bordered(table, [sum(row) for row in table], column_sums, sum(map(sum, table)))
    shown = _grid(pub)
    for p, v in truth.items():
        if 1 <= v <= 4:
            assert shown[p] is None, "every count of 1-4 is hidden"
        assert shown[p] in (None, v), "visible values are the true values"
    _assert_no_lone_hidden(pub)
    assert disclosure.recover_by_subtraction(pub) == {}
    hidden = [p for p, v in shown.items() if v is None]
    floor = 1 if all(truth[p] > 0 for p in hidden) else 0
    assert disclosure.recover_by_lp(pub, hidden_min=floor) == {}


@settings(max_examples=100, deadline=None)
@given(st.lists(small_heavy, min_size=1, max_size=8))
def test_property_1d(cells: list[int]) -> None:
    pub = disclosure.suppress_1d(cells)
    assert sum(v is None for v in [*pub.cells, pub.total]) != 1
    assert disclosure.recover_by_subtraction(pub) == {}
    assert disclosure.recover_by_lp(pub) == {}


def test_audit_when_the_leaking_cell_has_no_visible_neighbour() -> None:
    """Found by the property test: cells of 1 whose every row and column was already fully
    hidden were pinned to 1 (attacker knows hidden >= 1). The audit must then add slack
    elsewhere in the table."""
    table = [[0, 1, 2, 5], [0, 1, 4, 0], [4, 1, 1, 5], [5, 1, 1, 5]]
    pub = disclosure.suppress_2d(table)
    _assert_no_lone_hidden(pub)
    assert disclosure.recover_by_subtraction(pub) == {}
    assert disclosure.recover_by_lp(pub, hidden_min=1) == {}
