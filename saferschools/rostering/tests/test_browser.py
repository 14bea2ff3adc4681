"""In headless Chromium: an officer asks for a day off, the sergeant sees what it would do and
approves it, and the officer's roster (their calendar) shows the day as a rest day."""

from __future__ import annotations

import datetime as dt

import pytest

from saferschools.core.axe import axe_violations
from saferschools.rostering.models import Roster, RosterRequest
from saferschools.rostering.request_services import published_roster_for
from saferschools.rostering.services import roster_generate, roster_publish
from saferschools.testing.builders import browser_sign_in, fill_govuk_date

from .conftest import simple_rules

pytestmark = pytest.mark.browser


def test_officer_day_off_request_approved_by_the_sergeant(
    live_server, page, force, transactional_db
):
    simple_rules()
    today = dt.date.today()
    start = today + dt.timedelta(days=(7 - today.weekday()) + 7)
    roster = roster_generate(
        start=start, weeks=1, acting_user=force.users["inspector"], time_limit_s=10
    )
    roster_publish(roster=roster, acting_user=force.users["inspector"])
    pc1 = force.pcs[0]
    worked = sorted(
        s["date"] for s in roster.document["shifts"] if s["officer"] == pc1.collar_number
    )
    url = live_server.url

    # The officer sees the day as a shift and asks for it off.
    browser_sign_in(page, url, force.users["pc1"])
    page.goto(f"{url}/roster/me/")
    assert axe_violations(page) == []
    chosen = None
    for day in worked:
        row = page.locator(f"#my-days tr[data-date='{day}']")
        assert row.get_attribute("data-kind") == "shift"
        fill_govuk_date(page, "id_off-day", day)
        page.fill("#id_off-note", "Parents' evening")
        page.click("button:has-text('Ask for the day off')")
        page.wait_for_load_state()
        if "breaks no rule" in page.locator("main").inner_text():
            chosen = day
            break
    assert chosen is not None, "one of the officer's days can be given without breaking a rule"
    assert "Waiting for the sergeant" in page.locator("#my-requests").inner_text()
    page.context.clear_cookies()

    # The sergeant sees the effect (no rule broken; the named officer's school without them).
    browser_sign_in(page, url, force.users["ps1"])
    page.goto(f"{url}/roster/requests/")
    assert axe_violations(page) == []
    pk = RosterRequest.objects.get(officer=pc1, date=chosen).pk
    card = page.locator(f"#request-{pk}")
    effect = card.inner_text()
    assert "Breaks no rule" in effect
    card.locator("button:has-text('Approve')").click()
    page.wait_for_load_state()
    assert "Approved and published" in page.locator("main").inner_text()
    page.context.clear_cookies()

    # The officer's roster now shows the day as a rest day from the approved request.
    browser_sign_in(page, url, force.users["pc1"])
    page.goto(f"{url}/roster/me/")
    row = page.locator(f"#my-days tr[data-date='{chosen}']")
    assert row.get_attribute("data-kind") == "absence"
    assert "Rest day (request approved)" in row.inner_text()
    assert "Approved" in page.locator("#my-requests").inner_text()
    latest = published_roster_for(pc1, dt.date.fromisoformat(chosen))
    assert latest is not None and latest.version == 2
    assert Roster.objects.get(pk=roster.pk).status == "superseded"
