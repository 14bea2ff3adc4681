"""Statistical disclosure control for published counts.

Business rules:

* **Primary suppression**: any published count from 1 to ``threshold - 1`` (default 1-4) is
  hidden, totals included. True zeros are shown by default: a zero names nobody, and hiding every
  zero makes sparse tables unreadable. Set ``suppress_zero=True`` when even "none" is sensitive
  (for instance "no pupils of group X at this school").
* **Secondary (complementary) suppression**: a table is published with its totals, so every row
  and column (and, for a 1-D table, the one list) is an additive "line": cells sum to the total.
  A line with exactly one hidden entry gives that entry away by subtraction, so another entry of
  the line is hidden, repeated until no line has exactly one hidden entry (a fixed point). The
  complement is the smallest visible cell of the line, preferring, in order: an inner cell over a
  total, a cell whose other line already has a hidden entry (so no new lone hidden entry is
  made), a non-zero cell over a true zero (a hidden zero protects nothing).
* **Audit**: rows/columns with two hidden entries can still leak through the whole system of
  equations plus "counts are never negative" (e.g. a 2x2 block of hidden cells with zeros in it).
  With ``audit=True`` (default) an attacker's integer programme (HiGHS) bounds every hidden entry;
  any entry pinned to one value gets a further complement (the smallest visible cell of one of
  its lines, or, when those are all hidden, of any line holding a hidden entry) and the loop
  repeats. The attacker is assumed to know that hidden entries are >= 1 whenever that is true
  of the data. The audit protects against exact recovery only; it does not enforce a minimum
  width for the interval an attacker can derive (``hidden_bounds`` reports it).

Positions: a table is a grid with its totals. For a 2-D table of R rows and C columns, (i, j)
with i < R, j < C is an inner cell, (i, C) the total of row i, (R, j) the total of column j and
(R, C) the grand total. A 1-D table of K cells is the single row 0: (0, j), total at (0, K).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import highspy

__all__ = [
    "Position",
    "Published1D",
    "Published2D",
    "hidden_bounds",
    "recover_by_lp",
    "recover_by_subtraction",
    "round_to_base",
    "suppress_1d",
    "suppress_2d",
]

Position = tuple[int, int]
Line = tuple[Position, ...]  # inner members then the line's total last


@dataclass(frozen=True)
class Published1D:
    """A 1-D table as published: None marks a suppressed entry."""

    cells: list[int | None]
    total: int | None


@dataclass(frozen=True)
class Published2D:
    """A 2-D table with row, column and grand totals as published: None marks suppression."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    grand_total: int | None


Published = Published1D | Published2D


def round_to_base(value: int, base: int = 5) -> int:
    """Round a count to the nearest multiple of ``base`` (halves go up): 12 -> 10, 13 -> 15."""
    if base < 1:
        raise ValueError("base must be positive")
    return ((2 * value + base) // (2 * base)) * base


# --- suppression -------------------------------------------------------------------------


def suppress_1d(
    cells: Sequence[int],
    *,
    threshold: int = 5,
    suppress_zero: bool = False,
    audit: bool = True,
) -> Published1D:
    """Suppress a list of counts published with its total (see module rules)."""
    if not cells:
        raise ValueError("a 1-D table needs at least one cell")
    values: dict[Position, int] = {(0, j): v for j, v in enumerate(cells)}
    values[(0, len(cells))] = sum(cells)
    lines = tuple(_lines_1d(len(cells)))
    hidden = _pattern(_Table(tuple(values.items()), lines, threshold, suppress_zero, audit))
    shown = {p: (None if p in hidden else v) for p, v in values.items()}
    k = len(cells)
    return Published1D(cells=[shown[(0, j)] for j in range(k)], total=shown[(0, k)])


def suppress_2d(
    cells: Sequence[Sequence[int]],
    *,
    threshold: int = 5,
    suppress_zero: bool = False,
    audit: bool = True,
) -> Published2D:
    """Suppress a rows x columns table published with all its totals (see module rules)."""
    r, c = _shape(cells)
    values: dict[Position, int] = {}
    for i in range(r):
        for j in range(c):
            values[(i, j)] = cells[i][j]
        values[(i, c)] = sum(cells[i])
    for j in range(c):
        values[(r, j)] = sum(cells[i][j] for i in range(r))
    values[(r, c)] = sum(values[(i, c)] for i in range(r))
    lines = tuple(_lines_2d(r, c))
    hidden = _pattern(_Table(tuple(values.items()), lines, threshold, suppress_zero, audit))

    def show(p: Position) -> int | None:
        return None if p in hidden else values[p]

    return Published2D(
        cells=[[show((i, j)) for j in range(c)] for i in range(r)],
        row_totals=[show((i, c)) for i in range(r)],
        col_totals=[show((r, j)) for j in range(c)],
        grand_total=show((r, c)),
    )


@dataclass(frozen=True)
class _Table:
    """One table to suppress: every entry (totals included), its additive lines, and the rules
    it is published under. Hashable, so the pattern of a table can be remembered."""

    entries: tuple[tuple[Position, int], ...]
    lines: tuple[Line, ...]
    threshold: int
    suppress_zero: bool
    audit: bool


@lru_cache(maxsize=512)
def _pattern(table: _Table) -> frozenset[Position]:
    """The suppression pattern of one table, remembered per process: the same table asked for
    again (a page reloaded, the public report, each month's guardrails) costs a lookup rather
    than the audit's integer programmes."""
    if any(v < 0 for _, v in table.entries):
        raise ValueError("counts cannot be negative")
    return frozenset(_work_out(table))


def _work_out(table: _Table) -> set[Position]:
    values, lines, threshold = dict(table.entries), list(table.lines), table.threshold
    audit, suppress_zero = table.audit, table.suppress_zero
    hidden = {p for p, v in values.items() if 0 < v < threshold or (suppress_zero and v == 0)}
    totals = {line[-1] for line in lines}
    lines_of: dict[Position, list[Line]] = {p: [] for p in values}
    for line in lines:
        for p in line:
            lines_of[p].append(line)

    def complement(line: Line) -> Position | None:
        visible = [p for p in line if p not in hidden]
        if not visible:
            return None

        def cost(p: Position) -> tuple[bool, bool, bool, int, Position]:
            lone = any(
                not any(q in hidden for q in other) for other in lines_of[p] if other != line
            )
            return (p in totals, lone, values[p] == 0, values[p], p)

        return min(visible, key=cost)

    def secondary() -> None:
        changed = True
        while changed:
            changed = False
            for line in lines:
                if sum(p in hidden for p in line) == 1:
                    pick = complement(line)
                    if pick is not None:
                        hidden.add(pick)
                        changed = True

    secondary()
    while audit and hidden:
        pub = {p: (None if p in hidden else v) for p, v in values.items()}
        floor = 1 if all(values[p] > 0 for p in hidden) else 0
        attacker = _Attacker(pub, lines, floor)
        leaked = [p for p in sorted(hidden) if attacker.is_pinned(p)]
        before = len(hidden)
        for p in leaked:
            picks = [q for q in map(complement, lines_of[p]) if q is not None]
            if not picks:  # p's lines are fully hidden: add slack to any line with a hidden entry
                picks = [
                    q
                    for q in map(complement, lines)
                    if q is not None and any(r in hidden for r in _lines_with(lines_of, q))
                ]
            if picks:
                hidden.add(min(picks, key=lambda q: (q in totals, values[q] == 0, values[q], q)))
        if not leaked or len(hidden) == before:
            break
        secondary()
    return hidden


def _lines_with(lines_of: dict[Position, list[Line]], p: Position) -> Iterable[Position]:
    for line in lines_of[p]:
        yield from line


# --- attacks -----------------------------------------------------------------------------


def recover_by_subtraction(published: Published) -> dict[Position, int]:
    """Hidden entries an attacker gets by subtraction alone, chained to a fixed point.

    Any line with exactly one unknown entry gives it (total minus the rest, or the sum for a
    hidden total); that value is then known and may open another line.
    """
    values, lines = _from_published(published)
    known: dict[Position, int] = {p: v for p, v in values.items() if v is not None}
    found: dict[Position, int] = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [p for p in line if p not in known]
            if len(unknown) != 1:
                continue
            p = unknown[0]
            inner_sum = sum(known[q] for q in line[:-1] if q != p)
            value = inner_sum if p == line[-1] else known[line[-1]] - inner_sum
            known[p] = found[p] = value
            progress = True
    return found


def hidden_bounds(
    published: Published, *, hidden_min: int = 0
) -> dict[Position, tuple[int, int | None]]:
    """Tightest integer bounds (low, high; high None if unbounded) on each hidden entry.

    Solves the attacker's integer programme: all line equations, visible values fixed, hidden
    entries integer and >= ``hidden_min``; min and max of each hidden entry.
    """
    values, lines = _from_published(published)
    hidden = [p for p in sorted(values) if values[p] is None]
    if not hidden:
        return {}
    attacker = _Attacker(values, lines, hidden_min)
    return {p: attacker.bounds(p) for p in hidden}


def recover_by_lp(published: Published, *, hidden_min: int = 0) -> dict[Position, int]:
    """Hidden entries pinned to a single value by :func:`hidden_bounds`."""
    return {
        p: lo for p, (lo, hi) in hidden_bounds(published, hidden_min=hidden_min).items() if hi == lo
    }


class _Attacker:
    """The attacker's integer programme for one published table, built once: every line
    equation, visible values fixed, hidden entries integer and >= ``floor``. Each hidden entry's
    bounds are then two solves of the same model with a new objective (one thread: HiGHS's
    scheduler is shared by the whole process, and the engines use one thread too)."""

    def __init__(self, values: dict[Position, int | None], lines: list[Line], floor: int):
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.silent()
        h.setOptionValue("threads", 1)
        self.h = h
        self.var = {
            p: h.addVariable(lb=floor, ub=highspy.kHighsInf, type=highspy.HighsVarType.kInteger)
            for p, v in values.items()
            if v is None
        }
        for line in lines:
            if not any(p in self.var for p in line):
                continue
            expr = h.expr(0)
            rhs = 0
            for p, sign in _signed(line):
                v = values[p]
                if v is None:
                    expr += sign * self.var[p]
                else:
                    rhs -= sign * v
            h.addConstr(expr == rhs)

    def bounds(self, target: Position) -> tuple[int, int | None]:
        h = self.h
        h.minimize(self.var[target])
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise ValueError("published figures are inconsistent with the attacker's assumptions")
        lo = round(h.getObjectiveValue())
        h.maximize(self.var[target])
        hi = None
        if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            hi = round(h.getObjectiveValue())
        return lo, hi

    def is_pinned(self, target: Position) -> bool:
        lo, hi = self.bounds(target)
        return hi == lo


def _signed(line: Line) -> Iterable[tuple[Position, int]]:
    for p in line[:-1]:
        yield p, 1
    yield line[-1], -1


# --- shapes ------------------------------------------------------------------------------


def _shape(cells: Sequence[Sequence[object]]) -> tuple[int, int]:
    r = len(cells)
    c = len(cells[0]) if r else 0
    if r == 0 or c == 0 or any(len(row) != c for row in cells):
        raise ValueError("a 2-D table needs at least one row and column, all rows equally long")
    return r, c


def _grid_1d(cells: list[int | None], total: int | None) -> dict[Position, int | None]:
    if not cells:
        raise ValueError("a 1-D table needs at least one cell")
    grid: dict[Position, int | None] = {(0, j): v for j, v in enumerate(cells)}
    grid[(0, len(cells))] = total
    return grid


def _lines_1d(k: int) -> list[Line]:
    return [tuple((0, j) for j in range(k + 1))]


def _lines_2d(r: int, c: int) -> list[Line]:
    rows = [tuple((i, j) for j in range(c + 1)) for i in range(r + 1)]
    cols = [tuple((i, j) for i in range(r + 1)) for j in range(c + 1)]
    return rows + cols


def _from_published(published: Published) -> tuple[dict[Position, int | None], list[Line]]:
    if isinstance(published, Published1D):
        return _grid_1d(published.cells, published.total), _lines_1d(len(published.cells))
    r, c = _shape(published.cells)
    grid: dict[Position, int | None] = {}
    for i in range(r):
        for j in range(c):
            grid[(i, j)] = published.cells[i][j]
        grid[(i, c)] = published.row_totals[i]
    for j in range(c):
        grid[(r, j)] = published.col_totals[j]
    grid[(r, c)] = published.grand_total
    return grid, _lines_2d(r, c)
