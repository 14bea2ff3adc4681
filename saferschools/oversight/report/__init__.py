"""The monthly oversight report: sections of published tables and charts, in a force version
and a public version, rendered as HTML, CSV and PDF.

Business rules:
- every count passes disclosure control (`tables.py`) before it reaches a table; charts are
  drawn from the published tables only;
- the public version adds suppression of activity counts, and leaves out officer names,
  redeployment scenario names and the review queue by division;
- no name, date of birth or free text about a child appears in any version: the figures are
  counts by group, built from `figures.py`, which never reads those fields.
"""

from collections.abc import Sequence

from django.utils import timezone

from ..periods import Month, Window
from . import disproportionality, encompass, guardrails, performance, placement, stop_search
from .base import SECTION_KEYS, Report, Section
from .disproportionality import rri_table, share_table
from .export import report_csv

__all__ = [
    "SECTION_KEYS",
    "Report",
    "Section",
    "build_report",
    "report_csv",
    "rri_table",
    "share_table",
]

BUILDERS = {
    "performance": performance.section,
    "placement": placement.section,
    "disproportionality": disproportionality.section,
    "stop_search": stop_search.section,
    "guardrails": guardrails.section,
    "encompass": encompass.section,
}


def build_report(month: Month, *, public: bool, sections: Sequence[str] = SECTION_KEYS) -> Report:
    window = Window.trailing(month, 12)
    out = [BUILDERS[k](month, window, public) for k in sections]
    return Report(month, public, window, timezone.now(), out)
