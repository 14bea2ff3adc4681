"""Headless Chromium: a safeguarding lead raises a concern; the named officer records the
child's words, a strip search with an appropriate adult and a referral; the chronology reads
in time order. axe finds no serious problems on the main pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saferschools.core.axe import axe_violations
from saferschools.testing.builders import browser_sign_in, fill_govuk_date

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
    page.fill("#id_first_name", "Amira")
    page.fill("#id_last_name", "Khan")
    fill_govuk_date(page, "id_date_of_birth", "2011-03-14")
    page.select_option("#id_school", str(w.school.pk))
    page.select_option("#id_year_group", "9")
    page.select_option("#id_sex", "female")
    page.select_option("#id_ethnicity", "asian_pakistani")
    page.select_option("#id_fsm", "yes")
    page.select_option("#id_sen", "none")
    page.select_option("#id_looked_after", "no")
    page.select_option("#id_lawful_basis", "safeguarding")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Amira Khan')")
    child = YoungPerson.objects.get()
    assert axe_violations(page) == []
    page.click("text=Record a concern")
    page.select_option("#id_category", "cce")
    page.select_option("#id_raised_by", "school")
    fill_govuk_date(page, "id_raised_at", _local(dt.timedelta(days=3)))
    page.select_option("#id_risk_level", "2")
    page.fill("#id_details", "Seen getting into cars with older boys after school.")
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
    fill_govuk_date(page, "id_searched_at", _local(dt.timedelta(days=2)))
    page.select_option("#id_reason", "drugs")
    page.fill("#id_grounds", "Information that she was carrying drugs for others.")
    page.select_option("#id_power", "misuse_of_drugs")
    page.select_option("#id_location", "school")
    page.select_option("#id_extent", "more_than_outer")
    page.fill("#id_searched_by_name", "PC Officer")
    page.select_option("#id_outcome", "nothing")
    page.fill("#id_authorising_officer_name", "Insp Grey")
    page.select_option("#id_authorising_officer_rank", "INSP")
    fill_govuk_date(page, "id_parent_told_at", _local(dt.timedelta(days=2, hours=-1)))
    page.fill("#id_childs_words", "I was scared but my mum was there.")
    # No appropriate adult: refused, with an error summary.
    page.click("button:has-text('Save')")
    page.wait_for_selector(".govuk-error-summary")
    assert "appropriate adult" in page.locator(".govuk-error-summary").inner_text()
    assert not Search.objects.exists()
    assert axe_violations(page) == []
    page.fill("#id_appropriate_adult_name", "Mrs Khan")
    page.fill("#id_appropriate_adult_role", "Mother")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Search recorded")
    assert Search.objects.get().appropriate_adult_name == "Mrs Khan"

    page.goto(f"{url}/casework/young-people/{child.pk}/")
    page.click("text=Record a referral")
    page.select_option("#id_service", "exploitation")
    page.select_option("#id_concern", str(concern.pk))
    page.fill("#id_reason", "Signs of county lines exploitation.")
    today = timezone.localdate()
    fill_govuk_date(page, "id_made_on", today.isoformat())
    fill_govuk_date(page, "id_due_date", (today + dt.timedelta(days=14)).isoformat())
    page.select_option("#id_status", "made")
    page.select_option("#id_consent", "parent")
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
