"""Issue 16, in headless Chromium: every role signs in, lands on its home page, sees its items
with the right counts for its scope, follows one item to its record, on a phone and a desktop;
axe finds no violations. One home-page load per viewport keeps it quick."""

from __future__ import annotations

import pytest

from saferschools.accounts.choices import Role
from saferschools.core.axe import axe_violations
from saferschools.core.tests.homeworld import busy_world
from saferschools.testing.builders import browser_sign_in, make_officer, make_user
from saferschools.workforce.choices import Rank

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# role -> (texts with counts on the home page, the link followed, text on the record page)
CASES = {
    "officer": (
        [
            "Replies due (1)",
            "Referrals overdue (1)",
            "Concerns awaiting the child's voice (1)",
            "Your schools (2)",
            "Sessions in the next four weeks (1)",
        ],
        "#replies-due ~ div a",
        "Assembly on knife crime",
    ),
    "sergeant": (
        ["Schools without their named officer today (1)", "Replies due (1)", "Workload by officer"],
        "#without-named ~ table a",
        "Beacon Academy",
    ),
    "inspector": (
        [
            "Schools with a named officer",
            "3 of 3",
            "Cover today (1)",
            "Plans awaiting adoption (0)",
        ],
        "#cover-today ~ ul a",
        "Beacon Academy",
    ),
    "coordinator": (
        ["Schools with a named officer", "3 of 3", "report", "Sergeant reviews"],
        "#report-link",
        "Indicators",
    ),
    "dsl": (
        ["Your schools officer today", "Your requests (1 open)", "Sessions booked (1)"],
        "#our-requests ~ table a",
        "Assembly on knife crime",
    ),
}


@pytest.mark.parametrize("role", list(CASES))
def test_each_role_lands_on_its_home_with_its_counts(role, live_server, browser, transactional_db):
    w, child, second, other = busy_world()
    users = {
        "officer": w.officer,
        "sergeant": w.sergeant,
        "inspector": w.inspector,
        "coordinator": make_user(Role.COORDINATOR, officer=make_officer(rank=Rank.STAFF)),
        "dsl": w.dsl,
    }
    texts, link, record_text = CASES[role]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        browser_sign_in(page, live_server.url, users[role])
        assert page.url.rstrip("/") == live_server.url  # home is the first page
        for viewport in (DESKTOP, PHONE):
            if viewport is PHONE:
                page.set_viewport_size(PHONE)
                page.goto(live_server.url + "/")
            body = page.inner_text("main").replace("’", "'")
            for text in texts:
                assert text in body, (role, viewport, text)
            assert axe_violations(page, impacts={"minor", "moderate", "serious", "critical"}) == []
        assert other.name not in page.content() or role in {"inspector", "coordinator"}
        page.click(link)
        page.wait_for_load_state()
        assert record_text in page.inner_text("main"), (role, page.url)
    finally:
        context.close()
