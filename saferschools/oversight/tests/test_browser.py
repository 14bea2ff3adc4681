"""The public report on a populated demo month, in headless Chromium: no sign-in, no child
identifiable (no seeded child's name or date of birth, no count from 1 to 4), every chart
present, no third-party script, readable without JavaScript, and no serious axe findings."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest

from saferschools.accounts.choices import Role
from saferschools.casework.models import YoungPerson
from saferschools.core.axe import axe_violations
from saferschools.demo.area import demo_area_load
from saferschools.estate.models import Establishment
from saferschools.testing.builders import make_officer, make_user, name_officer
from saferschools.workforce.models import SchoolAssignment

from ..periods import Month
from ..report import build_report

pytestmark = pytest.mark.browser


def _populate() -> None:
    """The synthetic demo area, named officers for its first schools (for two years), an
    inspector, then the casework demo seeder (six months of synthetic casework)."""
    from saferschools.demo.casework import demo_casework_seed

    demo_area_load(seed=1)
    schools = list(Establishment.objects.secondary_phase().order_by("name")[:12])
    for k, school in enumerate(schools):
        if k % 2 == 0:
            officer = make_officer()
        name_officer(school, officer)
    SchoolAssignment.objects.update(since=dt.date.today() - dt.timedelta(days=730))
    make_user(Role.INSPECTOR, officer=make_officer(rank="INSP"))
    summary = demo_casework_seed(children_per_school=25)
    # The seeder takes at most eight schools with a named officer (25 children each).
    assert "children: 200" in summary


def _dob_texts(dob: dt.date) -> list[str]:
    return [dob.isoformat(), dob.strftime("%d/%m/%Y"), f"{dob.day} {dob:%B %Y}", f"{dob:%d %b %Y}"]


def test_public_report_in_chromium(live_server, page, browser, transactional_db):
    _populate()
    month = Month.current().shift(-1)
    report = build_report(month, public=True)
    assert len(report.charts) == 15  # 4 performance, 2 placement, 8 disproportionality, 1 school
    url = f"{live_server.url}/oversight/public/{month.key}/"

    page.goto(url)  # no sign-in
    assert page.url == url
    assert page.locator("h1").inner_text().startswith("Schools Officers oversight")
    html = page.content()
    text = page.locator("main").inner_text()

    # Every chart, each an accessible SVG with a title and a description.
    assert page.locator("figure svg[role=img]").count() == len(report.charts)
    assert page.locator("figure svg title").count() == len(report.charts)
    assert page.locator("figure svg desc").count() == len(report.charts)
    assert page.locator("table[data-table]").count() == len(report.tables)

    # No child identifiable: no name, no date of birth of any seeded child.
    children = list(YoungPerson.objects.all())
    assert len(children) == 200
    for yp in children:
        assert yp.full_name not in text and yp.full_name not in html
        for dob in _dob_texts(yp.date_of_birth):
            assert dob not in html
    # No count from 1 to 4: every count cell is [c], 0 or at least 5.
    counts = page.locator("td[data-kind=count], td[data-kind=activity]").all_inner_texts()
    assert counts
    assert "[c]" in counts
    shown = [int(c.replace(",", "")) for c in counts if c != "[c]"]
    assert not [c for c in shown if 1 <= c <= 4]
    assert sum(1 for c in shown if c >= 5) > 0

    # No third-party script: every script is served by this site.
    host = urlparse(live_server.url).netloc
    for src in page.locator("script[src]").evaluate_all("els => els.map(e => e.src)"):
        assert urlparse(src).netloc == host

    assert axe_violations(page) == []

    # Without JavaScript the page is complete: same charts and tables.
    ctx = browser.new_context(java_script_enabled=False)
    try:
        nojs = ctx.new_page()
        nojs.goto(url)
        assert nojs.locator("figure svg").count() == len(report.charts)
        assert nojs.locator("table[data-table]").count() == len(report.tables)
        pdf = nojs.request.get(f"{url}report.pdf")
        assert pdf.ok and pdf.body()[:4] == b"%PDF"
        csv_text = nojs.request.get(f"{url}report.csv").text()
        assert csv_text.startswith("table,title,row,column,value,kind,status")
        assert not re.search(r",(1|2|3|4),(count|activity),", csv_text)
    finally:
        ctx.close()
