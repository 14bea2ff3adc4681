"""Headless Chromium: a safeguarding lead raises a concern; the named officer records the
child's words, a strip search with an appropriate adult and a referral; the chronology reads
in time order. axe finds no serious problems on the main pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saferschools.core.axe import axe_violations
from saferschools.testing.builders import browser_sign_in, fill_form

from ..models import Concern, Referral, Search, YoungPerson
from .helpers import make_world

pytestmark = pytest.mark.browser


def _local(delta: dt.timedelta) -> str:
    return timezone.localtime(timezone.now() - delta).strftime("%Y-%m-%dT%H:%M")


def _sign_out(page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")


def test_concern_to_chronology(live_server, page, transactional_db):
    w = make_world(name="Harbour View Academy")
    url = live_server.url

    # The school's safeguarding lead records the child and raises a concern.
    browser_sign_in(page, url, w.dsl)
    page.goto(f"{url}/casework/young-people/new/")
    assert axe_violations(page) == []
    fill_form(
        page,
        first_name="Amira",
        last_name="Khan",
        date_of_birth="2011-03-14",
        school=w.school.pk,
        year_group=9,
        sex="female",
        ethnicity="asian_pakistani",
        fsm="yes",
        sen="none",
        looked_after="no",
        lawful_basis="safeguarding",
    )
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Amira Khan')")
    child = YoungPerson.objects.get()
    assert axe_violations(page) == []
    page.click("text=Record a concern")
    fill_form(
        page,
        category="cce",
        raised_by="school",
        raised_at=_local(dt.timedelta(days=3)),
        risk_level=2,
        details="Seen getting into cars with older boys after school.",
    )
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Concern recorded")
    concern = Concern.objects.get()
    assert axe_violations(page) == []
    # A search is police work: the lead is not offered it.
    page.goto(f"{url}/casework/young-people/{child.pk}/")
    assert page.locator("text=Record a search").count() == 0

    # The named officer records the child's words, a search and a referral.
    _sign_out(page, url)
    browser_sign_in(page, url, w.officer)
    page.goto(f"{url}/casework/concerns/{concern.pk}/edit/")
    page.fill("#id_childs_words", "They give me money to take bags to Margate.")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Concern saved")

    page.goto(f"{url}/casework/young-people/{child.pk}/")
    page.click("text=Record a search")
    assert axe_violations(page) == []
    fill_form(
        page,
        searched_at=_local(dt.timedelta(days=2)),
        reason="drugs",
        grounds="Information that she was carrying drugs for others.",
        power="misuse_of_drugs",
        location="school",
        extent="more_than_outer",
        searched_by_name="PC Officer",
        outcome="nothing",
        authorising_officer_name="Insp Grey",
        authorising_officer_rank="INSP",
        parent_told_at=_local(dt.timedelta(days=2, hours=-1)),
        childs_words="I was scared but my mum was there.",
    )
    # No appropriate adult: refused, with an error summary.
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    assert "appropriate adult" in page.locator(".govuk-error-summary").inner_text()
    assert not Search.objects.exists()
    assert axe_violations(page) == []
    fill_form(page, appropriate_adult_name="Mrs Khan", appropriate_adult_role="Mother")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Search recorded")
    assert Search.objects.get().appropriate_adult_name == "Mrs Khan"

    page.goto(f"{url}/casework/young-people/{child.pk}/")
    page.click("text=Record a referral")
    today = timezone.localdate()
    fill_form(
        page,
        service="exploitation",
        concern=concern.pk,
        reason="Signs of county lines exploitation.",
        made_on=today,
        due_date=today + dt.timedelta(days=14),
        status="made",
        consent="parent",
    )
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Referral recorded")
    assert Referral.objects.count() == 2  # hers, and the automatic one after the strip search

    page.goto(f"{url}/casework/young-people/{child.pk}/chronology/")
    rows = page.locator("#chronology tbody tr")
    kinds = [rows.nth(i).get_attribute("data-kind") for i in range(rows.count())]
    assert kinds == ["Concern", "Search", "Referral", "Referral"]
    text = page.locator("#chronology").inner_text()
    assert text.index("take bags to Margate") < text.index("my mum was there")
    assert axe_violations(page) == []
