"""The report as files: HTML (charts inline as SVG), CSV and PDF (reportlab).

`write_report` is what `saferschools report` calls; the web views use the same functions,
and every export is audited by its caller.
"""

from __future__ import annotations

import io
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
        data = [
            [Paragraph(_esc(t.row_header), cell)] + [Paragraph(_esc(c), cell) for c in t.columns]
        ]
        for r in t.rows:
            data.append(
                [Paragraph(_esc(r.label), cell)] + [Paragraph(_esc(c.text), cell) for c in r.cells]
            )
        n = len(t.columns) + 1
        first = min(55 * mm, width * 0.28)
        rest = (width - first) / max(1, n - 1)
        tbl = PdfTable(data, colWidths=[first] + [rest] * (n - 1), repeatRows=1)
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


def write_report(report: Report, out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "html": out / "report.html",
        "pdf": out / "report.pdf",
        "csv": out / "report.csv",
    }
    paths["html"].write_text(report_html(report), encoding="utf-8")
    paths["pdf"].write_bytes(report_pdf(report))
    paths["csv"].write_text(report_csv(report), encoding="utf-8")
    return paths
