"""Every main staff page, on the demo area that `make run` serves, in headless Chromium:
it renders, shows real content and has no serious accessibility violations (axe)."""

from __future__ import annotations

from io import StringIO

import pytest

from saferschools.accounts.models import User
from saferschools.allocation.models import Plan
from saferschools.core.axe import axe_violations
from saferschools.demo.bootstrap import bootstrap
from saferschools.rostering.models import Roster
from saferschools.testing.builders import PASSWORD, browser_sign_in

pytestmark = pytest.mark.browser


def test_inspector_pages_on_the_demo_area_pass_axe(live_server, page, transactional_db, tmp_path):
    bootstrap(StringIO(), data=str(tmp_path / "no-data-here"))
    plan = Plan.objects.get(status=Plan.Status.ADOPTED)
    roster = Roster.objects.get()
    inspector = User.objects.get(username="inspector")
    inspector.set_password(PASSWORD)
    inspector.save()
    browser_sign_in(page, live_server.url, inspector)
    pages = {
        "/": "Demo Constabulary",
        "/schools/": "schools",
        f"/plans/{plan.pk}/": "Map of schools by named officer",
        "/roster/": "Rosters",
        f"/roster/{roster.pk}/": "Independent check",
        "/casework/": "Casework",
        "/engagement/": "Engagement",
        "/oversight/": "Monthly report",
        "/audit/": "Audit",
        "/resources/": "Resources",
        "/inbox/": "Inbox",
    }
    failures = {}
    for path, expected in pages.items():
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert expected.lower() in page.content().lower(), f"{expected!r} not on {path}"
        found = axe_violations(page)
        if found:
            failures[path] = found
    assert failures == {}
    # The plan page's map has one circle per named school.
    page.goto(live_server.url + f"/plans/{plan.pk}/")
    circles = page.locator("figure.ss-map svg circle.school").count()
    assert circles == len(plan.result["schools"])
