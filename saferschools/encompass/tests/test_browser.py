"""Headless Chromium: an officer records one incident for two children at two schools; each
school's safeguarding lead gets a message with no details, reads and acknowledges; a third
school's lead sees nothing; the audit log holds each read. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saferschools.accounts.audit import seal_pending
from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.core.axe import axe_violations
from saferschools.core.models import Notification as InboxMessage
from saferschools.encompass.models import Notification
from saferschools.testing.builders import browser_sign_in, make_school, make_user, officer_user

pytestmark = pytest.mark.browser

WORDS = {"Amira": "Daddy threw the plate", "Ben": "I hid under the stairs"}


def _fill_child(page, i: int, first: str, school_urn: int, born: dt.date) -> None:
    page.fill(f"#id_child-{i}-first_name", first)
    page.fill(f"#id_child-{i}-last_name", "Okafor")
    page.fill(f"#id_child-{i}-dob_day", str(born.day))
    page.fill(f"#id_child-{i}-dob_month", str(born.month))
    page.fill(f"#id_child-{i}-dob_year", str(born.year))
    page.fill(f"#id_child-{i}-school", str(school_urn))
    page.check(f"#id_child-{i}-presence_0")
    page.check(f"#id_child-{i}-spoken_to_0")
    page.fill(f"#id_child-{i}-childs_words", WORDS[first])


def _sign_out(page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")


def test_two_children_two_schools_read_and_acknowledged(live_server, page, transactional_db):
    url = live_server.url
    a = make_school(name="Harbour View Academy")
    b = make_school(name="Cliffe Primary School", phase="Primary", school_group="primary")
    c = make_school(name="Downs School")
    dsl_a = make_user(Role.DSL, school=a, first_name="Ada", last_name="Lead")
    dsl_b = make_user(Role.DSL, school=b, first_name="Bea", last_name="Lead")
    dsl_c = make_user(Role.DSL, school=c)
    officer = officer_user(a)
    when = timezone.localtime() - dt.timedelta(days=1)

    browser_sign_in(page, url, officer)
    page.goto(f"{url}/encompass/")
    assert axe_violations(page) == []
    page.click("text=Record a notification")
    assert axe_violations(page) == []
    page.fill("#id_police_reference", "KC-TEST-0099")
    page.fill("#id_incident_day", str(when.day))
    page.fill("#id_incident_month", str(when.month))
    page.fill("#id_incident_year", str(when.year))
    page.fill("#id_incident_hour", "21")
    page.fill("#id_incident_minute", "15")
    page.fill("#id_location", "A house in Ramsgate")
    page.fill("#id_circumstances", "Police called by a neighbour; one adult arrested.")
    _fill_child(page, 0, "Amira", a.urn, dt.date(2012, 6, 1))
    page.click("button:has-text('Add another child')")
    page.wait_for_selector("#id_child-1-first_name")
    assert page.input_value("#id_child-0-first_name") == "Amira"
    _fill_child(page, 1, "Ben", b.urn, dt.date(2018, 2, 11))
    page.click("button:has-text('Record and notify')")
    page.wait_for_selector("text=Notification to Cliffe Primary School")
    assert Notification.objects.count() == 2

    # Each lead's message says there is something to read, and nothing about the child.
    for lead in (dsl_a, dsl_b):
        msg = InboxMessage.objects.get(recipient=lead, topic="encompass")
        for secret in ("Amira", "Ben", "Okafor", "Ramsgate", *WORDS.values()):
            assert secret not in msg.subject + msg.body
    assert not InboxMessage.objects.filter(recipient=dsl_c).exists()

    for lead, school, name, other in ((dsl_a, a, "Amira", "Ben"), (dsl_b, b, "Ben", "Amira")):
        _sign_out(page, url)
        browser_sign_in(page, url, lead)
        page.goto(f"{url}/inbox/")
        page.click("text=Operation Encompass")
        page.wait_for_load_state()
        if "/encompass/" not in page.url:  # the inbox shows the message; follow its link
            page.goto(url + InboxMessage.objects.get(recipient=lead, topic="encompass").link)
        page.wait_for_selector(f"h2:has-text('{name} Okafor')")
        assert WORDS[name] in page.content()
        assert other not in page.content()  # only this school's child
        assert axe_violations(page) == []
        page.fill("#id_support_given", "Met by a trusted adult at the gate.")
        page.click("button:has-text('Acknowledge')")
        page.wait_for_selector("text=Acknowledged")
        n = Notification.objects.get(establishment=school)
        assert n.acknowledged_by == lead and n.first_read_by == lead

    # A third school's lead sees nothing: an empty queue, and 404 on a guessed address.
    _sign_out(page, url)
    browser_sign_in(page, url, dsl_c)
    page.goto(f"{url}/encompass/")
    assert "Nothing is waiting" in page.content()
    assert "Harbour View" not in page.content() and "Cliffe" not in page.content()
    n_a = Notification.objects.get(establishment=a)
    resp = page.goto(f"{url}/encompass/{n_a.pk}/")
    assert resp.status == 404

    seal_pending()  # reads wait in the pending table until the job seals them into the chain
    reads = AuditEntry.objects.filter(record_type="encompass.Notification", action="view")
    assert reads.filter(user=dsl_a, outcome="allowed", record_id=str(n_a.pk)).exists()
    assert reads.filter(user=dsl_b, outcome="allowed").exists()
    assert reads.filter(user=dsl_c, outcome="denied", record_id=str(n_a.pk)).exists()
