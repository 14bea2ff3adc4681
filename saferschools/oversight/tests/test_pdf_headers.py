"""Report PDFs never break a table header in the middle of a word ("School-d ays")."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from ..periods import Month
from ..render import column_widths
from ..report import build_report
from .helpers import World

pytestmark = pytest.mark.django_db


def _lines(text: str, width: float, size: float) -> list[str]:
    """How reportlab lays a header out with its default (which splits a word too wide for the
    column): the words must come back whole."""
    style = getSampleStyleSheet()["BodyText"].clone(
        "h", fontSize=size, leading=size + 1.5, splitLongWords=1
    )
    p = Paragraph(text, style)
    p.wrap(width - 6, 1000)  # the cell's padding
    return [
        " ".join(w.text if hasattr(w, "text") else w for w in line[1]) for line in p.blPara.lines
    ]


def test_every_header_of_every_report_table_keeps_its_words_whole():
    World(2)
    report = build_report(Month(2026, 11), public=False)
    total = landscape(A4)[0] - 24 * mm
    checked = 0
    for section in report.sections:
        for table in section.tables:
            headers = [table.row_header, *table.columns]
            widths, size = column_widths(headers, total, first_max=55 * mm)
            assert sum(widths) <= total + 0.01
            for header, width in zip(headers, widths, strict=True):
                words = header.split()
                got = " ".join(_lines(header, width, size)).split()
                assert got == words, (table.key, header, got)
                checked += 1
    assert checked > 50
    perf = next(t for s in report.sections for t in s.tables if t.key == "perf-district")
    assert "School-days with no named officer on record" in perf.columns
