"""Messages that leave the building, through a real SMTP server (aiosmtpd on loopback):
a reply to a public message, a redeployment letter to a school with no accounts, an alert (at
once, or in the daily digest) arrive with the right content and none of a child's words; a
failed delivery is retried with backoff, then shown to the person who sent it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.core.messaging.models import DeliveryPreference, OutboundMessage
from saferschools.core.messaging.services import backoff_seconds, message_retry
from saferschools.core.models import Notification
from saferschools.core.services import notify
from saferschools.testing.builders import make_user

from .smtp import SmtpServer

pytestmark = pytest.mark.django_db

CHILD_WORDS = "he said the older boys take his dinner money at the bus stop 5521"
REPLY = "Thank you for telling us. I will be at the school on Monday and will look into it."


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 5
        settings.MESSAGES_BACKEND = "email"
        settings.MESSAGES_MAX_ATTEMPTS = 3
        settings.SITE_URL = "https://saferschools.example.police.uk"
        yield server


def _public_message(capture, **kw):
    from saferschools.frontdoor.services import public_message_send
    from saferschools.frontdoor.tests.helpers import build

    w = build(with_child=False)
    with capture(execute=True):
        pm = public_message_send(
            school=w.school,
            sender="parent",
            message=CHILD_WORDS,
            reply_email=kw.get("email", "parent.alex@example.com"),
            reply_phone=kw.get("phone", ""),
            name="Alex",
        )
    return w, pm.request


def _reply(capture, w, req, body=REPLY):
    from saferschools.engagement.services import school_request_message

    with capture(execute=True):
        school_request_message(acting_user=w.officer_user, school_request=req, body=body)


def test_a_reply_to_a_public_message_arrives_with_its_reference_and_no_childs_words(
    smtp, django_capture_on_commit_callbacks
):
    w, req = _public_message(django_capture_on_commit_callbacks)
    _reply(django_capture_on_commit_callbacks, w, req)

    to_parent = [m for m in smtp.received if m["To"] == "parent.alex@example.com"]
    assert len(to_parent) == 1
    mail = to_parent[0]
    text, html = SmtpServer.text(mail), SmtpServer.html(mail)
    assert req.reference in mail["Subject"] and req.reference in text
    assert REPLY in text and "Hello Alex" in text and "PC Brightwater" in text
    assert "Seaview Academy" in text and html and req.reference in html
    # Nothing the parent wrote about the child goes anywhere by e-mail (theirs or the officer's).
    assert smtp.received, "the officer's alert was e-mailed too"
    for m in smtp.received:
        assert CHILD_WORDS not in SmtpServer.text(m) + SmtpServer.html(m) + m["Subject"]
    sent = OutboundMessage.objects.get(topic="frontdoor.reply")
    assert sent.state == OutboundMessage.State.SENT and sent.attempts == 1
    assert sent.sent_by == w.officer_user and sent.reference == req.reference
    assert (sent.record_type, sent.record_id) == ("engagement.SchoolRequest", str(req.pk))


def test_a_failed_delivery_is_retried_with_backoff_then_shown_to_the_sender(
    smtp, client, settings, django_capture_on_commit_callbacks
):
    w, req = _public_message(django_capture_on_commit_callbacks)
    smtp.handler.refuse_always = True
    _reply(django_capture_on_commit_callbacks, w, req)

    msg = OutboundMessage.objects.get(topic="frontdoor.reply")
    assert msg.state == OutboundMessage.State.FAILED
    assert msg.attempts == 3 and smtp.handler.refused >= 3
    assert "451" in msg.last_error
    settings.MESSAGES_RETRY_SECONDS = 60
    assert [backoff_seconds(a) for a in (1, 2, 3)] == [60, 120, 240]
    # The sender is told, in their inbox and on the request's page.
    note = Notification.objects.get(recipient=w.officer_user, topic="messages.failed")
    assert note.subject.startswith("Not delivered: Reply to your message " + req.reference)
    client.force_login(w.officer_user)
    page = client.get(reverse("engagement:request_detail", args=[req.pk])).content.decode()
    assert "Could not be delivered" in page and "451" in page
    outbox = client.get(reverse("core:message", args=[msg.pk])).content.decode()
    assert "Try sending it again" in outbox
    # Once the server takes mail again, sending it again delivers it.
    smtp.handler.refuse_always = False
    with django_capture_on_commit_callbacks(execute=True):
        message_retry(message=msg, acting_user=w.officer_user)
    msg.refresh_from_db()
    assert msg.state == OutboundMessage.State.SENT
    assert any(m["To"] == "parent.alex@example.com" for m in smtp.received)


def test_a_passing_failure_is_retried_until_it_goes(smtp, django_capture_on_commit_callbacks):
    w, req = _public_message(django_capture_on_commit_callbacks)
    smtp.handler.refuse_next = 2
    _reply(django_capture_on_commit_callbacks, w, req)
    msg = OutboundMessage.objects.get(topic="frontdoor.reply")
    assert msg.state == OutboundMessage.State.SENT and msg.attempts == 3
    assert not Notification.objects.filter(topic="messages.failed").exists()


def test_a_text_message_without_a_text_provider_fails_visibly(
    smtp, django_capture_on_commit_callbacks
):
    w, req = _public_message(django_capture_on_commit_callbacks, email="", phone="07700 900123")
    _reply(django_capture_on_commit_callbacks, w, req)
    sms = OutboundMessage.objects.get(topic="frontdoor.reply")
    assert sms.channel == "sms" and sms.state == OutboundMessage.State.FAILED
    assert sms.attempts == 1 and "GOV.UK Notify" in sms.last_error
    assert req.reference in sms.body_text and CHILD_WORDS not in sms.body_text


def test_a_redeployment_letter_reaches_a_school_that_has_no_accounts(
    smtp, django_capture_on_commit_callbacks
):
    from saferschools.allocation import services
    from saferschools.allocation.tests.conftest import build_small_force

    force = build_small_force()
    for i, school in enumerate(force.schools):
        school.contact_email = f"office{i}@school{i}.example.sch.uk"
        school.headteacher_name = f"Head {i}"
        school.save(update_fields=["contact_email", "headteacher_name"])
    inspector = force.users["inspector"]
    plan = services.plan_create(constables=6, sergeants=2, acting_user=inspector)
    services.plan_adopt(plan=plan, acting_user=inspector)
    plan.refresh_from_db()
    away = plan.result["officers"][0]
    scenario = services.scenario_create(
        plan=plan,
        start=dt.date(2026, 9, 7),
        end=dt.date(2026, 10, 23),
        officer_ids=[away["id"]],
        acting_user=inspector,
    )
    affected = {a["urn"] for a in scenario.result["affected"]}
    with django_capture_on_commit_callbacks(execute=True):
        services.scenario_commit(scenario=scenario, acting_user=inspector)

    by_school = {s.contact_email: s for s in force.schools if str(s.urn) in affected}
    letters = [m for m in smtp.received if m["To"] in by_school]
    assert {m["To"] for m in letters} == set(by_school)
    without_accounts = [s for s in by_school.values() if not User.objects.filter(school=s).exists()]
    assert without_accounts, "the test needs an affected school with no accounts"
    letter = next(m for m in letters if m["To"] == without_accounts[0].contact_email)
    text = SmtpServer.text(letter)
    assert "From 7 September 2026 to 23 October 2026" in text
    assert f"URN {without_accounts[0].urn}" in text and SmtpServer.html(letter)
    assert OutboundMessage.objects.filter(
        topic="allocation.redeployment_letter", state="sent", sent_by=inspector
    ).count() == len(by_school)


def test_a_school_with_no_address_recorded_is_a_visible_failure(
    smtp, django_capture_on_commit_callbacks
):
    from saferschools.core.messaging.services import letter_to_school_send
    from saferschools.testing.builders import make_school

    school = make_school(name="Nowhere Academy")
    sender = make_user(Role.INSPECTOR)
    with django_capture_on_commit_callbacks(execute=True):
        msg = letter_to_school_send(
            school=school, subject="Letter", letter="Dear Head", topic="t", sent_by=sender
        )
    assert msg.state == OutboundMessage.State.FAILED and "No address" in msg.last_error
    assert Notification.objects.filter(recipient=sender, topic="messages.failed").exists()
    assert not smtp.received


def test_an_alert_is_emailed_at_once_or_in_the_daily_digest_without_the_childs_words(
    smtp, django_capture_on_commit_callbacks
):
    from saferschools.core.jobs.services import job_start

    now_user = make_user(Role.INSPECTOR, email="dsl@school.example.sch.uk", first_name="Dee")
    digest_user = make_user(Role.SCHOOLS_OFFICER, email="pc@example.police.uk")
    quiet_user = make_user(Role.SERGEANT, email="ps@example.police.uk")
    DeliveryPreference.objects.create(user=digest_user, alerts="digest")
    DeliveryPreference.objects.create(user=quiet_user, alerts="none")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[now_user, digest_user, quiet_user],
            subject="New bullying concern about a pupil at Seaview Academy",
            body=CHILD_WORDS,
            link="/casework/young-people/7/",
            kind=Notification.Kind.ALERT,
            topic="casework.concern_new",
        )
    assert [m["To"] for m in smtp.received] == ["dsl@school.example.sch.uk"]
    alert = smtp.received[0]
    text = SmtpServer.text(alert)
    assert alert["Subject"] == "New bullying concern about a pupil at Seaview Academy"
    assert "https://saferschools.example.police.uk/casework/young-people/7/" in text
    assert CHILD_WORDS not in text + SmtpServer.html(alert)
    assert Notification.objects.filter(recipient=quiet_user).exists()  # still in the inbox

    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="core.alerts_digest", acting_user=None)
    job.refresh_from_db()
    assert job.state == "succeeded" and job.result["sent"] == 1
    digest = [m for m in smtp.received if m["To"] == "pc@example.police.uk"]
    assert len(digest) == 1 and "1 alert(s)" in digest[0]["Subject"]
    body = SmtpServer.text(digest[0])
    assert "New bullying concern" in body and CHILD_WORDS not in body
    assert not Notification.objects.filter(digest_pending=True).exists()
