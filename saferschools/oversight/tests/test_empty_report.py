"""A database with no schools still makes a report: every section says plainly what is
missing instead of failing (the disclosure control needs at least one group to publish)."""

import pytest

from ..periods import Month
from ..render import report_csv, report_html, report_pdf
from ..report import SECTION_KEYS, build_report


@pytest.mark.django_db
@pytest.mark.parametrize("public", [False, True])
def test_a_database_with_no_schools_renders_an_empty_report_with_a_plain_message(public):
    report = build_report(Month(2026, 10), public=public)
    assert [s.key for s in report.sections] == list(SECTION_KEYS)
    performance = report.section("performance")
    assert performance.tables == [] and performance.charts == []
    assert "No programme schools are held for October 2026" in performance.intro[0]
    html = report_html(report)
    assert "No programme schools are held for October 2026" in html
    assert report_pdf(report).startswith(b"%PDF")
    assert report_csv(report).splitlines()[0].startswith("table,title,row,column")
