"""The people pages: filters, clear account states (locked with when it unlocks, and an
unlock action), the two-factor wait, the demo sign-ins, an invitation's life."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.people import services
from saferschools.people.models import Invitation
from saferschools.people.selectors import locked_until
from saferschools.testing.builders import (
    PASSWORD,
    make_district,
    make_officer,
    make_school,
    make_user,
    name_officer,
    verified_login,
)
from saferschools.workforce.choices import Rank

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    north = make_district("Northam", division="North")
    south = make_district("Southwick", division="South")
    school_n, school_s = (
        make_school(north, name="North High"),
        make_school(south, name="South High"),
    )
    pc_n = make_officer(district=north, division=north.division, collar_number="1001")
    name_officer(school_n, pc_n)
    pc_s = make_officer(district=south, division=south.division, collar_number="2002")
    name_officer(school_s, pc_s)
    return {
        "admin": make_user(Role.SYSADMIN, first_name="Ada", last_name="Admin"),
        "pc_n": make_user(Role.SCHOOLS_OFFICER, officer=pc_n, first_name="Nia", last_name="North"),
        "pc_s": make_user(Role.SCHOOLS_OFFICER, officer=pc_s, first_name="Sol", last_name="South"),
        "head_s": make_user(Role.HEADTEACHER, school=school_s, first_name="Hal", last_name="Head"),
        "sgt": make_user(Role.SERGEANT, officer=make_officer(Rank.SERGEANT), first_name="Sue"),
        "north": north,
        "south": south,
        "school_s": school_s,
    }


def _names(client, **query) -> set[str]:
    page = client.get(reverse("people:person_list"), query)
    assert page.status_code == 200
    return {row.person.username for row in page.context["rows"]}


def test_filters_by_role_division_district_school_status_and_search(client, people):
    verified_login(client, people["admin"])
    p = people
    assert _names(client, role="headteacher") == {p["head_s"].username}
    assert _names(client, district=p["south"].pk) == {p["pc_s"].username, p["head_s"].username}
    assert _names(client, division=p["north"].division.pk) == {p["pc_n"].username}
    assert _names(client, school=p["school_s"].urn) == {p["pc_s"].username, p["head_s"].username}
    assert _names(client, q="2002") == {p["pc_s"].username}
    assert _names(client, q="nia north") == {p["pc_n"].username}
    p["pc_n"].is_active = False
    p["pc_n"].save()
    assert _names(client, status="deactivated") == {p["pc_n"].username}
    assert p["pc_n"].username not in _names(client, status="active")


def test_a_locked_account_shows_locked_until_and_can_be_unlocked(client, people, settings):
    victim = people["pc_s"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": victim.username, "password": "wrong"})
    until = locked_until(victim.username)
    assert until is not None
    expected = timezone.now() + settings.AXES_COOLOFF_TIME
    assert abs((until - expected).total_seconds()) < 60
    verified_login(client, people["admin"])
    assert _names(client, status="locked") == {victim.username}
    assert victim.username not in _names(client, status="active")
    page = client.get(reverse("people:person_detail", args=[victim.pk])).content.decode()
    assert "Locked" in page and "Active</strong>" not in page
    assert timezone.localtime(until).strftime("%H:%M") in page and "Unlock" in page
    client.post(reverse("people:person_action", args=[victim.pk]), {"action": "unlock"})
    assert locked_until(victim.username) is None
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": victim.username, "password": PASSWORD}
    )
    assert response.status_code == 302


@override_settings(OTP_REQUIRED_FOR_POLICE=True)
def test_too_many_wrong_two_factor_codes_says_wait_n_seconds(client, people):
    from saferschools.accounts.otp import pending_device

    officer = people["pc_n"]
    device = pending_device(officer)
    device.confirmed = True
    device.save()
    client.post(reverse("accounts:login"), {"username": officer.username, "password": PASSWORD})
    url = reverse("accounts:otp_verify")
    first = client.post(url, {"token": "000000"}).content.decode()
    assert "not right" in first and "seconds" not in first
    for _ in range(5):
        last = client.post(url, {"token": "000001"}).content.decode()
    assert "Wait" in last and "seconds" in last and "Too many wrong codes" in last
    assert "not right" not in last


def test_invitation_expires_is_used_once_and_a_new_one_withdraws_the_old(
    client, people, django_capture_on_commit_callbacks
):
    admin, person = people["admin"], people["pc_n"]
    person.email = "nia@force.example.org"
    person.set_unusable_password()
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.person_invite(person=person, acting_user=admin)
        second = services.person_invite(person=person, acting_user=admin)
    assert len(mail.outbox) == 2 and second.link in mail.outbox[1].body
    assert "replaced" in client.get(first.link).content.decode()
    Invitation.objects.filter(pk=second.invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8),
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    assert client.get(second.link).status_code == 410
    third = services.person_invite(person=person, acting_user=admin)
    page = client.post(third.link, {"new_password1": "short", "new_password2": "short"})
    assert page.status_code == 200 and not User.objects.get(pk=person.pk).has_usable_password()
    done = client.post(
        third.link,
        {"new_password1": "quiet-harbour-lamp-77", "new_password2": "quiet-harbour-lamp-77"},
    )
    assert done.status_code == 302 and "two-factor/setup" in done["Location"]
    assert User.objects.get(pk=person.pk).check_password("quiet-harbour-lamp-77")
    assert "used already" in client.get(third.link).content.decode()


def test_deactivating_ends_sessions_and_tokens_and_only_managers_see_the_pages(client, people):
    from saferschools.accounts.models import ApiToken
    from saferschools.accounts.services import api_token_issue

    officer = people["pc_s"]
    token, _ = api_token_issue(acting_user=officer)
    other = client_class_login(officer)
    verified_login(client, people["admin"])
    client.post(reverse("people:person_action", args=[officer.pk]), {"action": "deactivate"})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert other.get("/schools/").status_code == 302
    verified_login(client, people["sgt"])
    assert client.get(reverse("people:person_list")).status_code == 403


def client_class_login(user):
    from django.test import Client

    c = Client()
    c.force_login(user)
    assert c.get("/schools/").status_code == 200
    return c
