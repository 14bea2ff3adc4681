"""Read published report tables back from HTML, as an outsider would, into the stats core's
Published1D/Published2D so the attacks (recover_by_subtraction, recover_by_lp) can be run."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..stats import Published1D, Published2D


@dataclass
class ParsedTable:
    key: str
    grids: dict[str, str]
    cells: dict[str, dict[tuple[int, int], int | None]] = field(default_factory=dict)
    rows: list[list[tuple[str, str]]] = field(default_factory=list)  # (data-kind, text)

    def published(self) -> dict[str, Published1D | Published2D]:
        out: dict[str, Published1D | Published2D] = {}
        for name, dims in self.grids.items():
            vals = self.cells.get(name, {})
            kind, size = dims.split(":")
            if kind == "1d":
                k = int(size)
                out[name] = Published1D([vals[(0, j)] for j in range(k)], vals[(0, k)])
            else:
                r, c = (int(x) for x in size.split("x"))
                out[name] = Published2D(
                    [[vals[(i, j)] for j in range(c)] for i in range(r)],
                    [vals[(i, c)] for i in range(r)],
                    [vals[(r, j)] for j in range(c)],
                    vals[(r, c)],
                )
        return out


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[ParsedTable] = []
        self._cell: dict[str, str] | None = None
        self._text: list[str] = []
        self._row: list[tuple[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "data-table" in a:
            grids = dict(g.split("=") for g in a.get("data-grids", "").split(";") if g)
            self.tables.append(ParsedTable(a["data-table"], grids))
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag == "td" and self.tables and "data-kind" in a:
            self._cell, self._text = a, []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            text = "".join(self._text).strip()
            a, self._cell = self._cell, None
            if self._row is not None:
                self._row.append((a["data-kind"], text))
            if a.get("data-grid"):
                i, j = (int(x) for x in a["data-pos"].split(","))
                value = None if text == "[c]" else int(text.replace(",", ""))
                self.tables[-1].cells.setdefault(a["data-grid"], {})[(i, j)] = value
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.tables[-1].rows.append(self._row)
            self._row = None


def parse_tables(html: str) -> list[ParsedTable]:
    p = _Parser()
    p.feed(html)
    return p.tables
