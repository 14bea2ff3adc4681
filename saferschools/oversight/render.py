"""The report as files: HTML (charts inline as SVG), CSV and PDF (reportlab).

`write_report` is what `saferschools report` calls; the web views use the same functions,
and every export is audited by its caller.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from .charts import to_drawing
from .report import Report, report_csv
from .tables import Table


def report_html(report: Report, *, standalone: bool = True, request: Any = None) -> str:
    """The report page. `standalone` gives one self-contained file (its CSS inside, no
    scripts, no external requests) for the command line; the web pages use the site layout."""
    template = "oversight/report_file.html" if standalone else "oversight/report_page.html"
    return render_to_string(
        template, {"report": report, "page_title": report.title}, request=request
    )


def report_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    cell = styles["BodyText"].clone("cell", fontSize=6.5, leading=8)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report.title,
        author="SaferSchools oversight",
    )
    story: list[Any] = [
        Paragraph(_esc(report.title), styles["Title"]),
        Paragraph(
            _esc(
                f"Made {report.generated_at:%d %B %Y %H:%M}. Counts from 1 to 4, and further "
                "counts that would let them be worked out, are hidden and shown as [c]."
            ),
            small,
        ),
    ]
    width = landscape(A4)[0] - 24 * mm

    def pdf_table(t: Table) -> Any:
        headers = [t.row_header, *t.columns]
        widths, size = column_widths(headers, width, first_share=0.28, first_max=55 * mm)
        head = cell.clone("head", fontSize=size, leading=size + 1.5, splitLongWords=0)
        body = cell.clone("body", splitLongWords=0)
        data = [[Paragraph(_esc(h), head) for h in headers]]
        for r in t.rows:
            data.append(
                [Paragraph(_esc(r.label), body)] + [Paragraph(_esc(c.text), body) for c in r.cells]
            )
        tbl = PdfTable(data, colWidths=widths, repeatRows=1)
        tbl.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return tbl

    for s in report.sections:
        story.append(Paragraph(_esc(s.title), styles["Heading1"]))
        story.extend(Paragraph(_esc(p), small) for p in s.intro)
        for kind, item in s.items():
            if kind == "chart":
                story.append(
                    KeepTogether(
                        [
                            Paragraph(_esc(item.title), styles["Heading4"]),
                            to_drawing(item, width=min(width, 520)),
                        ]
                    )
                )
            else:
                story.append(Paragraph(_esc(item.title), styles["Heading3"]))
                if item.description:
                    story.append(Paragraph(_esc(item.description), small))
                if item.rows:
                    story.append(pdf_table(item))
                else:
                    story.append(Paragraph("Nothing to show.", small))
            story.append(Spacer(1, 4 * mm))
        story.extend(Paragraph(_esc(n), small) for n in s.notes)
    doc.build(story)
    return buf.getvalue()


def _esc(s: str) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: Cell padding reportlab leaves on each side of a table cell (points), and a margin.
CELL_PADDING = 6 + 2


def column_widths(
    headers: list[str],
    total: float,
    *,
    first_share: float = 0.28,
    first_max: float = 156.0,
    font: str = "Helvetica",
    size: float = 6.5,
    smallest: float = 5.0,
) -> tuple[list[float], float]:
    """Widths of a PDF table's columns and the header font size, so that no header word is
    broken in the middle ("School-d ays"): every column is at least as wide as the longest
    word of its header; where the page is too narrow for that, the header type gets smaller
    (down to `smallest`), and the rest of the width is shared out evenly."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def need(text: str, at: float) -> float:
        return max((stringWidth(w, font, at) for w in str(text).split()), default=0) + CELL_PADDING

    first = min(first_max, total * first_share)
    while True:
        needs = [need(h, size) for h in headers[1:]]
        if sum(needs) <= total - first or size <= smallest:
            break
        size = round(size - 0.25, 2)
    first = max(first, need(headers[0], size))
    n = max(1, len(headers) - 1)
    spare = max(0.0, total - first - sum(needs))
    return [first] + [w + spare / n for w in needs], size


def write_report(
    report: Report, out: Path, *, on_step: Callable[[str], None] | None = None
) -> dict[str, Path]:
    """Write report.html, report.pdf and report.csv into `out`; `on_step(format)` is called
    before each (the background job's progress)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "html": out / "report.html",
        "pdf": out / "report.pdf",
        "csv": out / "report.csv",
    }
    step = on_step or (lambda _fmt: None)
    step("html")
    paths["html"].write_text(report_html(report), encoding="utf-8")
    step("pdf")
    paths["pdf"].write_bytes(report_pdf(report))
    step("csv")
    paths["csv"].write_text(report_csv(report), encoding="utf-8")
    return paths
