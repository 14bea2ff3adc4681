"""The report's shapes (a report of sections of tables and charts) and small helpers the
sections share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..charts import Chart
from ..periods import Month, Window
from ..tables import Table

SECTION_KEYS = (
    "performance",
    "placement",
    "disproportionality",
    "stop_search",
    "guardrails",
    "encompass",
)


@dataclass
class Section:
    key: str
    title: str
    intro: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[tuple[str, Any]]:
        """Charts before the table they draw from, in table order."""
        by_table: dict[str, list[Chart]] = {}
        for c in self.charts:
            by_table.setdefault(c.table_key, []).append(c)
        out: list[tuple[str, Any]] = []
        for t in self.tables:
            out.extend(("chart", c) for c in by_table.pop(t.key, []))
            out.append(("table", t))
        for rest in by_table.values():
            out.extend(("chart", c) for c in rest)
        return out


@dataclass
class Report:
    month: Month
    public: bool
    window: Window
    generated_at: Any
    sections: list[Section]

    @property
    def title(self) -> str:
        who = "public report" if self.public else "force report"
        return f"Schools Officers oversight: {self.month.label} ({who})"

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    @property
    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def needs(*cols: int) -> Any:
    return lambda i: [(c, i) for c in cols]


def table_key(*parts: str) -> str:
    return "-".join(p.replace("_", "-") for p in parts)
