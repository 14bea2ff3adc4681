"""Headless Chromium on a phone-sized window: a young person finds their school, reads who
its officer is, sends a message and gets a reference; the officer (or, while the named one is
away, the cover officer) sees it after signing in; unanswered, it escalates to the sergeant.
axe finds no serious problems on any public page."""

from __future__ import annotations

import datetime as dt

import pytest

from saferschools.core.axe import axe_violations
from saferschools.engagement.models import SchoolRequest
from saferschools.frontdoor.services import public_messages_escalate_overdue
from saferschools.testing.builders import browser_sign_in

from .helpers import COVER_NAME, PUBLISHED_NAME, build, start_cover

pytestmark = pytest.mark.browser

MESSAGE = "Some older boys keep asking me to carry a bag for them after school."


def _axe_clean(page) -> None:
    assert axe_violations(page) == [], page.url


def _send_message(page, url: str, w) -> str:
    """Find the school on a phone, read the officer, send a message; return the reference."""
    page.goto(f"{url}/find/")
    _axe_clean(page)
    page.fill("#q", "Seaview")
    page.click("button:has-text('Search')")
    page.wait_for_selector("#results")
    _axe_clean(page)
    page.click("a:has-text('Seaview Academy')")
    page.wait_for_selector("h1:has-text('Seaview Academy')")
    assert page.inner_text("#named-officer").strip() == PUBLISHED_NAME
    assert "call 999" in page.inner_text("body")
    _axe_clean(page)
    page.click("a.govuk-button:has-text('Send a message')")
    page.wait_for_selector("h1:has-text('Send a message')")
    _axe_clean(page)
    # A first try with no way to reply gets a clear message, and the page stays accessible.
    page.click("label[for=id_sender_0]")
    page.fill("#id_message", MESSAGE)
    page.click("button:has-text('Send message')")
    page.wait_for_selector(".govuk-error-summary")
    assert "Give us an email or a phone number" in page.inner_text(".govuk-error-summary")
    _axe_clean(page)
    page.fill("#id_phone", "07700 900456")
    page.click("button:has-text('Send message')")
    page.wait_for_selector("#reference")
    reference = page.inner_text("#reference").strip()
    assert reference.startswith("REQ-")
    body = page.inner_text("body")
    assert "What happens next" in body and MESSAGE not in body
    _axe_clean(page)
    return reference


def _new_page(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    return ctx.new_page()


def _inbox(browser, url: str, user):
    """A new phone, signed in as `user` (through the real form), showing their inbox."""
    page = _new_page(browser)
    browser_sign_in(page, url, user)
    page.goto(f"{url}/inbox/")
    return page


def _open_message(page, reference: str) -> str:
    """Open the inbox entry that names `reference`; the text of the page it opens."""
    page.click(f"a:has-text('{reference}')")
    page.wait_for_selector(f"h1:has-text('{reference}')")
    return page.inner_text("main")


def test_find_ask_reference_officer_inbox_and_escalation(
    live_server, phone_page, browser, transactional_db
):
    w = build()
    url = live_server.url
    page = phone_page
    # Fits a phone: nothing wider than the screen.
    page.goto(f"{url}/find/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    reference = _send_message(page, url, w)
    req = SchoolRequest.objects.get(reference=reference)
    assert req.source == "public" and req.message == MESSAGE

    # The other public pages, each checked with axe.
    for path in ["/find/what-schools-officers-do/", "/find/privacy/"]:
        page.goto(f"{url}{path}")
        _axe_clean(page)
    page.goto(f"{url}/find/school/{w.school.urn}/survey/")
    _axe_clean(page)
    page.click("button:has-text('Send my answers')")
    page.wait_for_selector(".govuk-error-summary")
    _axe_clean(page)
    for name in ["safe_in_school", "safe_around_school", "know_officer", "would_talk"]:
        page.click(f"label[for=id_{name}_0]")
    page.click("label:has-text('Things that happen online')")
    page.click("button:has-text('Send my answers')")
    page.wait_for_selector("h1:has-text('Thank you')")
    _axe_clean(page)

    # The named officer signs in through the real form and finds it in their inbox.
    officer_page = _inbox(browser, url, w.officer_user)
    assert reference in officer_page.inner_text("main")
    assert MESSAGE in _open_message(officer_page, reference)
    officer_page.context.close()

    # Nobody answers: past its target it escalates to the sergeant, once.
    escalated = public_messages_escalate_overdue(now=req.due_at + dt.timedelta(hours=1))
    assert [m.request.reference for m in escalated] == [reference]
    assert public_messages_escalate_overdue(now=req.due_at + dt.timedelta(hours=2)) == []
    sergeant_page = _inbox(browser, url, w.sergeant_user)
    inbox = sergeant_page.inner_text("main")
    assert f"Overdue: public message {reference}" in inbox
    assert inbox.count(reference) == 1
    _open_message(sergeant_page, reference)
    sergeant_page.context.close()


def test_while_the_named_officer_is_away_the_cover_officer_gets_it(
    live_server, phone_page, browser, transactional_db
):
    w = build(with_child=False)
    start_cover(w, reason="redeployment")
    url = live_server.url
    page = phone_page
    page.goto(f"{url}/find/school/{w.school.urn}/")
    assert f"{COVER_NAME} is looking after this school" in page.inner_text("#cover-officer")
    _axe_clean(page)
    reference = _send_message(page, url, w)
    assert f"{COVER_NAME} will read your message" in page.inner_text("main")

    # A bot that fills the hidden field gets a kind page (also accessible), and nothing is kept.
    page.goto(f"{url}/find/school/{w.school.urn}/ask/")
    page.click("label[for=id_sender_1]")
    page.fill("#id_message", "spam")
    page.fill("#id_email", "bot@example.com")
    page.evaluate("document.getElementById('id_website').value = 'http://spam.example'")
    page.click("button:has-text('Send message')")
    page.wait_for_selector("h1:has-text('Sorry, we could not send this')")
    _axe_clean(page)
    assert SchoolRequest.objects.count() == 1

    cover_page = _inbox(browser, url, w.cover_user)
    assert reference in cover_page.inner_text("main")
    assert MESSAGE in _open_message(cover_page, reference)
    cover_page.context.close()

    named_page = _inbox(browser, url, w.officer_user)
    assert reference not in named_page.inner_text("main")
    named_page.context.close()
