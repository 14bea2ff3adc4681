"""Headless Debian Chromium: sign in and open a school page; no serious axe violations."""

from __future__ import annotations

import pytest

from saferschools.accounts.choices import Role
from saferschools.core.axe import axe_violations
from saferschools.testing.builders import PASSWORD, make_school, make_user

pytestmark = pytest.mark.browser


def test_sign_in_and_open_a_school(live_server, page, transactional_db):
    school = make_school(name="Harbour View Academy")
    user = make_user(Role.INSPECTOR)
    page.goto(f"{live_server.url}/")
    assert "Sign in" in page.title()
    assert axe_violations(page) == []
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")
    page.click(f"text={school.district.name}")
    page.click("text=Harbour View Academy")
    assert page.locator("h1").inner_text() == "Harbour View Academy"
    assert axe_violations(page) == []
    # GOV.UK Frontend's JavaScript ran (progressive enhancement only).
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
