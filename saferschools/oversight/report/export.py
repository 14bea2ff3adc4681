"""The report as one CSV: every published cell, with its kind and disclosure status."""

from __future__ import annotations

import csv
import io

from .base import Report


def report_csv(report: Report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "title", "row", "column", "value", "kind", "status"])
    for t in report.tables:
        w.writerows(t.csv_rows())
    return buf.getvalue()
