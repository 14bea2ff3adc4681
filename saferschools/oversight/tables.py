"""Published tables: every count goes through disclosure control before it is shown.

Business rules:
- a *grid* is a set of counts published with its totals: a column of counts over groups (1-D,
  with the "All" total) or a rows x columns block (2-D, with row, column and grand totals);
  every grid is suppressed with the stats core (`suppress_1d` / `suppress_2d`): counts 1-4
  hidden, then complements so nothing hidden can be worked back from the totals (audited
  with an integer programme);
- figures derived from counts (rates, shares, ratios, intervals, flags) are shown only when
  every count they are computed from is shown; otherwise they are hidden too (a rate and a
  population give the count back);
- counts about children are always suppressed; activity counts (contacts, sessions,
  requests, school-days) are suppressed in the public version only;
- a hidden figure is published as "[c]" (confidential, the ONS convention);
- each count cell carries its grid name and position in the HTML (`data-grid`, `data-pos`)
  so the published output can be checked by an attacker's recovery (tests do this).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .stats import Published1D, Published2D, suppress_1d, suppress_2d

SUPPRESSED = "[c]"
THRESHOLD = 5


@dataclass
class Cell:
    text: str
    kind: str = "text"  # text | count | rate | ratio | share | ci | flag | hours
    value: Any = None
    suppressed: bool = False
    grid: str = ""  # the grid a count belongs to
    pos: tuple[int, int] | None = None
    numeric: bool = False

    @property
    def pos_text(self) -> str:
        return f"{self.pos[0]},{self.pos[1]}" if self.pos else ""


@dataclass
class Row:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class Grid:
    name: str
    dims: str  # "1d:K" or "2d:RxC"


@dataclass
class Table:
    key: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    description: str = ""
    notes: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    suppressed: bool = True  # counts went through disclosure control

    @property
    def grid_spec(self) -> str:
        return ";".join(f"{g.name}={g.dims}" for g in self.grids)

    def column_values(self, column: int, *, totals: bool = False) -> list[Any]:
        """Published values of one column (None where hidden), for charts."""
        return [
            None if r.cells[column].suppressed else r.cells[column].value
            for r in self.rows
            if totals or not r.is_total
        ]

    def labels(self) -> list[str]:
        return [r.label for r in self.rows if not r.is_total]

    def csv_rows(self) -> list[list[str]]:
        out = []
        for r in self.rows:
            for col, c in zip(self.columns, r.cells, strict=True):
                out.append(
                    [
                        self.key,
                        self.title,
                        r.label,
                        col,
                        c.text,
                        c.kind,
                        "suppressed" if c.suppressed else "",
                    ]
                )
        return out


# ----------------------------------------------------------------------------- formatting


def fmt_int(v: int | None) -> str:
    return SUPPRESSED if v is None else f"{v:,}"


def fmt_num(v: float | None, digits: int = 1) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


def fmt_pct(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v * 100:.{digits}f}%"


def text(value: Any) -> Cell:
    return Cell(str(value))


def hidden(kind: str) -> Cell:
    return Cell(SUPPRESSED, kind=kind, suppressed=True, numeric=True)


def figure(value: float | None, kind: str, fmt: Callable[[Any], str]) -> Cell:
    return Cell(fmt(value), kind=kind, value=value, numeric=True)


def count_cell(v: int | None, grid: str, pos: tuple[int, int], kind: str = "count") -> Cell:
    """A count: kind "count" counts children or their records (always suppressed), kind
    "activity" counts the programme's own activity (suppressed when published)."""
    if v is None:
        return Cell(SUPPRESSED, kind=kind, suppressed=True, grid=grid, pos=pos, numeric=True)
    return Cell(f"{v:,}", kind=kind, value=v, grid=grid, pos=pos, numeric=True)


# ----------------------------------------------------------------------------- suppression


def publish_1d(counts: Sequence[int], *, suppress: bool = True) -> Published1D:
    if not suppress:
        return Published1D(cells=list(counts), total=sum(counts))
    return suppress_1d(list(counts), threshold=THRESHOLD)


def publish_2d(counts: Sequence[Sequence[int]], *, suppress: bool = True) -> Published2D:
    if not suppress:
        return Published2D(
            cells=[list(r) for r in counts],
            row_totals=[sum(r) for r in counts],
            col_totals=[sum(r[j] for r in counts) for j in range(len(counts[0]))],
            grand_total=sum(sum(r) for r in counts),
        )
    return suppress_2d([list(r) for r in counts], threshold=THRESHOLD)


# ----------------------------------------------------------------------------- builders


def cross_table(
    *,
    key: str,
    title: str,
    row_header: str,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    counts: Sequence[Sequence[int]],
    suppress: bool,
    description: str = "",
    total_label: str = "All",
) -> Table:
    """A rows x columns table of counts with row and column totals (one 2-D grid)."""
    t = Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=[*col_labels, "Total"],
        description=description,
        suppressed=suppress,
    )
    if not row_labels:
        return t
    r, c = len(row_labels), len(col_labels)
    pub = publish_2d(counts, suppress=suppress)
    t.grids.append(Grid("g", f"2d:{r}x{c}"))
    for i, label in enumerate(row_labels):
        cells = [count_cell(pub.cells[i][j], "g", (i, j)) for j in range(c)]
        cells.append(count_cell(pub.row_totals[i], "g", (i, c)))
        t.rows.append(Row(label, cells))
    cells = [count_cell(pub.col_totals[j], "g", (r, j)) for j in range(c)]
    cells.append(count_cell(pub.grand_total, "g", (r, c)))
    t.rows.append(Row(total_label, cells, is_total=True))
    return t


@dataclass
class CountColumn:
    """A column of counts over the table's groups, published with its total (a 1-D grid)."""

    label: str
    values: Sequence[int]
    suppress: bool = True
    kind: str = "count"  # "count" (children) or "activity"


@dataclass
class DerivedColumn:
    """A figure computed from a row's raw counts; hidden unless all its inputs are shown.

    `compute(i)` gets the row index (the total row is index len(groups)) and returns a value;
    `needs(i)` lists (count column index, row index) pairs the figure depends on.
    """

    label: str
    compute: Callable[[int], Any]
    fmt: Callable[[Any], str]
    kind: str
    needs: Callable[[int], list[tuple[int, int]]]


def group_table(
    *,
    key: str,
    title: str,
    row_header: str,
    groups: Sequence[str],
    columns: Sequence[CountColumn | DerivedColumn],
    description: str = "",
    total_label: str = "All",
    with_total: bool = True,
) -> Table:
    """Rows are groups (and an "All" total row); count columns are 1-D grids each."""
    t = Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=[c.label for c in columns],
        description=description,
    )
    k = len(groups)
    published: dict[int, Published1D] = {}
    count_index: dict[int, int] = {}
    for ci, col in enumerate(columns):
        if isinstance(col, CountColumn):
            name = f"c{len(published)}"
            count_index[ci] = len(published)
            published[ci] = publish_1d(list(col.values), suppress=col.suppress)
            t.grids.append(Grid(name, f"1d:{k}"))
            t.suppressed = t.suppressed and col.suppress

    def shown(ci: int, i: int) -> bool:
        pub = published[ci]
        v = pub.total if i == k else pub.cells[i]
        return v is not None

    n_rows = k + 1 if with_total else k
    for i in range(n_rows):
        cells: list[Cell] = []
        for ci, col in enumerate(columns):
            if isinstance(col, CountColumn):
                pub = published[ci]
                v = pub.total if i == k else pub.cells[i]
                cells.append(count_cell(v, f"c{count_index[ci]}", (0, i), col.kind))
            else:
                if all(shown(cj, ri) for cj, ri in col.needs(i)):
                    cells.append(figure(col.compute(i), col.kind, col.fmt))
                else:
                    cells.append(hidden(col.kind))
        t.rows.append(Row(total_label if i == k else groups[i], cells, is_total=i == k))
    return t


def plain_table(
    *,
    key: str,
    title: str,
    row_header: str,
    columns: Sequence[str],
    rows: Sequence[Row],
    description: str = "",
) -> Table:
    """A table with no counts of people (figures from public data, ratios, FTE)."""
    return Table(
        key=key,
        title=title,
        row_header=row_header,
        columns=list(columns),
        rows=list(rows),
        description=description,
        suppressed=False,
    )
