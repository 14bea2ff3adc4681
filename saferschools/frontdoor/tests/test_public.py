"""The public pages: find your officer, ask for help, the survey form. No sign-in; nothing
private leaks; plain English; no tracking; floods and bots are turned away kindly."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from saferschools.core.models import Notification
from saferschools.engagement.models import SchoolRequest
from saferschools.frontdoor.models import PublicMessage, SurveyResponse

from .helpers import COVER_NAME, PRIVATE, PUBLISHED_CONTACT, PUBLISHED_NAME, build, start_cover
from .readability import fk_grade, main_text

pytestmark = pytest.mark.django_db

SECRET_TEXT = "my private worry about the bus stop 7731"


def ask_data(**kw):
    data = {
        "sender": "young_person",
        "message": SECRET_TEXT,
        "email": "kid@example.com",
        "phone": "",
        "name": "",
        "website": "",
    }
    data.update(kw)
    return data


def public_urls(w, client):
    """Every public page, as a visitor reaches them (the confirmation after a real send)."""
    urn = w.school.urn
    client.post(reverse("frontdoor:ask", args=[urn]), ask_data())
    return [
        reverse("frontdoor:find"),
        reverse("frontdoor:find") + "?q=Seaview",
        reverse("frontdoor:find") + "?q=Harbourtown",
        reverse("frontdoor:find") + "?q=nothing-like-this",
        reverse("frontdoor:about"),
        reverse("frontdoor:privacy"),
        reverse("frontdoor:school", args=[urn]),
        reverse("frontdoor:school", args=[w.other_school.urn]),
        reverse("frontdoor:ask", args=[urn]),
        reverse("frontdoor:ask_sent", args=[urn]),
        reverse("frontdoor:survey", args=[urn]),
        reverse("frontdoor:survey_thanks", args=[urn]),
    ]


# ---------------------------------------------------------------- find your officer


def test_search_by_name_town_and_urn_shows_secondary_schools_only(client):
    w = build(with_child=False)
    for q in ["seaview", "Harbourtown", str(w.school.urn)]:
        html = client.get(reverse("frontdoor:find"), {"q": q}).content.decode()
        assert "Seaview Academy" in html, q
        assert "Seaview Infants" not in html  # a primary school has no schools officer
    html = client.get(reverse("frontdoor:find"), {"q": "Zzzz"}).content.decode()
    assert "We found no school" in html
    assert client.get(reverse("frontdoor:school", args=[w.primary.urn])).status_code == 404
    assert client.get(reverse("frontdoor:school", args=[999999999])).status_code == 404


def test_school_page_names_the_officer_as_published_and_what_they_do(client):
    w = build(with_child=False)
    html = client.get(reverse("frontdoor:school", args=[w.school.urn])).content.decode()
    assert PUBLISHED_NAME in html
    assert PUBLISHED_CONTACT in html
    assert "not there to arrest you" in html
    assert "behaviour" not in html or "school rules" in html
    assert "school rules" in html
    assert reverse("frontdoor:ask", args=[w.school.urn]) in html
    assert COVER_NAME not in html


def test_school_page_shows_the_cover_officer_while_the_named_one_is_away(client):
    w = build(with_child=False)
    start_cover(w)
    html = client.get(reverse("frontdoor:school", args=[w.school.urn])).content.decode()
    assert "PC Marchbank is looking after this school" in html
    assert f"{PUBLISHED_NAME} is away" in html


def test_unpublished_officer_shows_rank_and_surname_only(client):
    w = build(with_child=False)
    w.officer.published_name = ""
    w.officer.published_contact = ""
    w.officer.save()
    html = client.get(reverse("frontdoor:school", args=[w.school.urn])).content.decode()
    assert "PC Brightwater" in html  # Officer.public_name: rank and surname
    assert PUBLISHED_CONTACT not in html


def test_emergency_numbers_on_every_public_page(client):
    w = build(with_child=False)
    for url in public_urls(w, client):
        html = client.get(url).content.decode()
        for number, tel in [("999", "tel:999"), ("101", "tel:101"), ("0800 1111", "tel:08001111")]:
            assert number in html and tel in html, (url, number)
        assert "Childline" in html, url


def test_public_pages_need_no_account_and_show_no_staff_links(client):
    w = build(with_child=False)
    for url in public_urls(w, client):
        r = client.get(url)
        assert r.status_code == 200, url
        html = r.content.decode()
        for staff in [
            "/casework/",
            "/engagement/",
            "/roster/",
            "/plans/",
            "/oversight/",
            "/api/schema/",
            "Sign out",
        ]:
            assert staff not in html, (url, staff)


def test_public_pages_leak_no_child_or_private_officer_details(client):
    w = build()
    start_cover(w)  # the cover officer shows too: only as published
    SchoolRequest.objects.all().delete()
    urls = public_urls(w, client)
    for url in urls:
        html = client.get(url).content.decode()
        for what, value in PRIVATE.items():
            assert value.lower() not in html.lower(), f"{what} on {url}"
        assert SECRET_TEXT not in html, f"the sender's words on {url}"
        assert "kid@example.com" not in html, url


def test_no_tracking_and_no_third_party_content(client):
    w = build(with_child=False)
    for url in public_urls(w, client):
        html = client.get(url).content.decode()
        for src in re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html):
            assert src.startswith("/static/"), (url, src)
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>\s*\S", html), f"inline script: {url}"
        for attr, value in re.findall(r"\s(src|href|action)=\"([^\"]*)\"", html):
            assert not re.match(r"^(https?:)?//", value), (url, attr, value)
            assert not value.startswith(("javascript:", "data:")), (url, value)
        assert "<iframe" not in html
        r = client.get(url)
        assert "default-src 'self'" in r["Content-Security-Policy"]


def test_public_pages_are_plain_english(client):
    w = build(with_child=False)
    start_cover(w)
    for url in public_urls(w, client):
        text = main_text(client.get(url).content.decode())
        grade = fk_grade(text)
        print(f"{url}: grade {grade:.1f}")
        assert grade <= 7, f"{url}: Flesch-Kincaid grade {grade:.1f}\n{text}"


def test_readability_counter_tells_plain_from_dense():
    assert fk_grade("<main><p>We can help. Call us.</p></main>") < 3
    dense = (
        "<main><p>The organisational infrastructure facilitates comprehensive "
        "multi-agency safeguarding interventions.</p></main>"
    )
    assert fk_grade(main_text(dense)) > 12


# ---------------------------------------------------------------- ask for help


def test_a_message_reaches_the_named_officers_inbox_and_gives_a_reference(
    client, django_capture_on_commit_callbacks
):
    w = build(with_child=False)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("frontdoor:ask", args=[w.school.urn]), ask_data(name="Sam"))
    assert r.status_code == 302 and r["Location"].endswith("/ask/sent/")
    req = SchoolRequest.objects.get()
    assert req.source == "public" and req.school == w.school
    assert req.message == SECRET_TEXT and req.requester_email == "kid@example.com"
    assert req.requester_name == "Sam"
    pm = PublicMessage.objects.get()
    assert pm.routed_to == w.officer and not pm.routed_as_cover and pm.sender == "young_person"
    note = Notification.objects.get(recipient=w.officer_user)
    assert req.reference in note.subject and SECRET_TEXT not in note.subject + note.body
    assert not Notification.objects.filter(recipient=w.cover_user).exists()
    assert all(SECRET_TEXT not in m.body for m in mail.outbox)
    html = client.get(r["Location"]).content.decode()
    assert req.reference in html
    assert "What happens next" in html and PUBLISHED_NAME in html
    assert SECRET_TEXT not in html


def test_while_covered_the_message_goes_to_the_cover_officer(
    client, django_capture_on_commit_callbacks
):
    w = build(with_child=False)
    start_cover(w, reason="redeployment")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("frontdoor:ask", args=[w.school.urn]), ask_data())
    pm = PublicMessage.objects.get()
    assert pm.routed_to == w.cover and pm.routed_as_cover
    assert Notification.objects.filter(recipient=w.cover_user).count() == 1
    assert not Notification.objects.filter(recipient=w.officer_user).exists()


def test_cover_that_has_ended_no_longer_routes(client):
    import datetime as dt

    from django.utils import timezone

    w = build(with_child=False)
    today = timezone.localdate()
    start_cover(w, start=today - dt.timedelta(days=10), end=today - dt.timedelta(days=1))
    client.post(reverse("frontdoor:ask", args=[w.school.urn]), ask_data())
    assert PublicMessage.objects.get().routed_to == w.officer


def test_the_form_asks_kindly_for_a_way_to_reply(client):
    w = build(with_child=False)
    r = client.post(reverse("frontdoor:ask", args=[w.school.urn]), ask_data(email=""))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Give us an email or a phone number so we can reply." in html
    assert "govuk-error-summary" in html
    assert 'href="#id_email"' in html
    r = client.post(reverse("frontdoor:ask", args=[w.school.urn]), ask_data(sender=""))
    assert 'href="#id_sender_0"' in r.content.decode()  # the first radio, which exists
    assert not SchoolRequest.objects.exists()
    r = client.post(
        reverse("frontdoor:ask", args=[w.school.urn]), ask_data(email="", phone="07700 900123")
    )
    assert r.status_code == 302
    assert SchoolRequest.objects.get().requester_phone == "07700 900123"


def test_a_filled_honeypot_gets_a_kind_message_and_nothing_is_saved(client):
    w = build(with_child=False)
    r = client.post(
        reverse("frontdoor:ask", args=[w.school.urn]), ask_data(website="http://spam.example")
    )
    html = r.content.decode()
    assert "Sorry, we could not send this" in html
    assert "nothing was sent" in html
    assert not SchoolRequest.objects.exists() and not PublicMessage.objects.exists()
    assert not Notification.objects.exists()
    r = client.post(
        reverse("frontdoor:survey", args=[w.school.urn]), {**survey_data(), "website": "x"}
    )
    assert "Sorry, we could not send this" in r.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_honeypot_is_hidden_from_people(client):
    w = build(with_child=False)
    html = client.get(reverse("frontdoor:ask", args=[w.school.urn])).content.decode()
    block = re.search(r"<div class=\"govuk-form-group\" hidden>(.*?)</div>", html, re.S)
    assert block and 'name="website"' in block.group(1) and 'tabindex="-1"' in block.group(1)


def test_floods_from_one_address_are_refused_kindly(client):
    w = build(with_child=False)
    url = reverse("frontdoor:ask", args=[w.school.urn])
    for _ in range(5):
        assert client.post(url, ask_data()).status_code == 302
    r = client.post(url, ask_data())
    assert r.status_code == 429
    html = r.content.decode()
    assert "Please wait a little while" in html and "try again in an hour" in html
    assert "tel:999" in html
    assert SchoolRequest.objects.count() == 5
    # Another address (another family) can still write to the same school.
    r = client.post(url, ask_data(), REMOTE_ADDR="198.51.100.7")
    assert r.status_code == 302
    assert SchoolRequest.objects.count() == 6


@override_settings(FRONTDOOR_RATE_LIMITS={"message_school": (3, 3600)})
def test_a_flood_at_one_school_cannot_silence_its_form(client, django_capture_on_commit_callbacks):
    """Past the school's hourly count messages are still delivered (a few addresses must not
    close a school's "ask for help" form); they are marked, and the inspectors are alerted
    once."""
    from saferschools.accounts.models import AuditEntry

    w = build(with_child=False)
    url = reverse("frontdoor:ask", args=[w.school.urn])
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            assert client.post(url, ask_data(), REMOTE_ADDR=f"203.0.113.{n}").status_code == 302
    assert SchoolRequest.objects.filter(school=w.school).count() == 6
    flags = list(PublicMessage.objects.order_by("pk").values_list("high_volume", flat=True))
    assert flags == [False, False, False, True, True, True]
    alerts = AuditEntry.objects.filter(action="alert", details__topic="frontdoor.high_volume")
    assert alerts.count() == 1
    assert Notification.objects.filter(topic="frontdoor.high_volume").exists()
    other = reverse("frontdoor:ask", args=[w.other_school.urn])
    assert client.post(other, ask_data(), REMOTE_ADDR="203.0.113.99").status_code == 302
    assert not PublicMessage.objects.filter(request__school=w.other_school, high_volume=True)


def test_the_limit_window_passes(client):
    from saferschools.core import ratelimit

    w = build(with_child=False)
    url = reverse("frontdoor:ask", args=[w.school.urn])
    for _ in range(5):
        client.post(url, ask_data())
    assert client.post(url, ask_data()).status_code == 429
    ratelimit.clear()  # the hour is up: a new window starts
    assert client.post(url, ask_data()).status_code == 302


def test_counts_live_in_the_shared_store_not_in_one_process(db):
    """The counter is a database row (or a Redis key): every worker reads and adds to the same
    count, atomically."""
    from saferschools.core import ratelimit
    from saferschools.core.models import RateCounter

    for _ in range(3):
        ratelimit.hit("message_ip", "192.0.2.1", window=3600)
    assert RateCounter.objects.get().count == 3
    assert ratelimit.count("message_ip", "192.0.2.1", window=3600) == 3
    assert "192.0.2.1" not in RateCounter.objects.get().key  # hashed, no raw address


def test_counts_go_to_redis_when_settings_say_so(db):
    import redis

    url = "redis://127.0.0.1:6379/1"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from saferschools.core import ratelimit
    from saferschools.core.models import RateCounter

    with override_settings(RATELIMIT_REDIS_URL=url):
        ratelimit.clear()
        assert [ratelimit.hit("survey_ip", "192.0.2.9", window=60) for _ in range(3)] == [1, 2, 3]
        keys = list(redis.Redis.from_url(url).scan_iter("saferschools:rl:*"))
        assert len(keys) == 1
        ratelimit.clear()
    assert not RateCounter.objects.exists()


def test_confirmation_page_needs_a_sent_message(client):
    w = build(with_child=False)
    r = client.get(reverse("frontdoor:ask_sent", args=[w.school.urn]))
    assert r.status_code == 302 and r["Location"].endswith("/ask/")


# ---------------------------------------------------------------- survey


def survey_data(**kw):
    data = {
        "safe_in_school": "yes",
        "safe_around_school": "mostly",
        "know_officer": "no",
        "would_talk": "maybe",
        "worries": ["worry_online", "worry_journey"],
        "website": "",
    }
    data.update(kw)
    return data


def test_survey_answer_is_anonymous(client):
    w = build(with_child=False)
    r = client.post(reverse("frontdoor:survey", args=[w.school.urn]), survey_data())
    assert r.status_code == 302
    resp = SurveyResponse.objects.get()
    assert resp.worry_online and resp.worry_journey and not resp.worry_bullying
    stored = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not stored & {"ip", "user", "name", "email", "text", "session", "created_at"}
    html = client.get(r["Location"]).content.decode()
    assert "Thank you" in html


def test_survey_refuses_nothing_and_a_worry_together(client):
    w = build(with_child=False)
    r = client.post(
        reverse("frontdoor:survey", args=[w.school.urn]),
        survey_data(worries=["worry_none", "worry_knives"]),
    )
    assert "Untick one of them" in r.content.decode()
    assert not SurveyResponse.objects.exists()


def test_survey_floods_are_refused(client):
    w = build(with_child=False)
    url = reverse("frontdoor:survey", args=[w.school.urn])
    for _ in range(10):
        assert client.post(url, survey_data()).status_code == 302
    assert client.post(url, survey_data()).status_code == 429
    assert SurveyResponse.objects.count() == 10
