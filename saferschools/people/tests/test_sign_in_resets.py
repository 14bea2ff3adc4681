"""The person's page is the one place to manage an account: the system administrator resets a
password (shown once, on that person's page only) or two-factor sign-in there, each audited and
ending the person's sessions; nobody else may, and nobody resets their own. The old account
pages send the administrator to the people pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry, User
from saferschools.people import services
from saferschools.testing.builders import (
    PASSWORD,
    make_officer,
    make_school,
    make_user,
    verified_login,
)

pytestmark = pytest.mark.django_db


def _temporary(page: str) -> str | None:
    if 'id="temporary-password">' not in page:
        return None
    return page.split('id="temporary-password">')[1].split("<")[0]


def test_the_administrator_resets_a_password_on_the_persons_page(client):
    admin = make_user(Role.SYSADMIN)
    person = make_user(Role.SCHOOLS_OFFICER, officer=make_officer())
    someone_else = make_user(Role.DSL, school=make_school())
    their_session = Client()
    their_session.force_login(person)
    verified_login(client, admin)
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert 'value="reset_password"' in page and "csrfmiddlewaretoken" in page

    response = client.post(
        reverse("people:person_action", args=[person.pk]), {"action": "reset_password"}
    )
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    # Another person's page does not show it, and does not use it up.
    other = client.get(reverse("people:person_detail", args=[someone_else.pk])).content.decode()
    assert _temporary(other) is None
    temporary = _temporary(client.get(response["Location"]).content.decode())
    assert temporary is not None and len(temporary) >= 15
    assert _temporary(client.get(response["Location"]).content.decode()) is None  # shown once

    person.refresh_from_db()
    assert person.check_password(temporary) and not person.check_password(PASSWORD)
    assert person.must_change_password
    assert their_session.get("/schools/").status_code == 302  # their sessions ended
    entry = AuditEntry.objects.get(action="password_reset", record_id=str(person.pk))
    assert entry.username == admin.username
    assert temporary not in str(entry.details)


def test_the_administrator_resets_two_factor_on_the_persons_page(client):
    admin = make_user(Role.SYSADMIN)
    person = make_user(Role.SCHOOLS_OFFICER, officer=make_officer())
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    verified_login(client, admin)
    client.post(reverse("people:person_action", args=[person.pk]), {"action": "reset_otp"})
    assert not TOTPDevice.objects.filter(user=person).exists()
    entry = AuditEntry.objects.get(action="otp_reset", record_id=str(person.pk))
    assert (entry.username, entry.details["devices"]) == (admin.username, 1)
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "set up two-factor again" in page


def test_only_the_system_administrator_resets_and_never_their_own(client):
    admin = make_user(Role.SYSADMIN)
    inspector = make_user(Role.INSPECTOR)
    person = make_user(Role.SCHOOLS_OFFICER, officer=make_officer())
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    for service in (services.person_password_reset, services.person_otp_reset):
        with pytest.raises(PermissionDenied, match="system administrator"):
            service(person=person, acting_user=inspector)
        with pytest.raises(PermissionDenied, match="own"):
            service(person=admin, acting_user=admin)

    # The inspector manages people, but the page offers no reset and refuses one posted.
    verified_login(client, inspector)
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert 'value="reset_password"' not in page and 'value="reset_otp"' not in page
    for action in ("reset_password", "reset_otp"):
        response = client.post(
            reverse("people:person_action", args=[person.pk]), {"action": action}, follow=True
        )
        assert "Only the system administrator" in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD) and not person.must_change_password
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not AuditEntry.objects.filter(action__in=["password_reset", "otp_reset"]).exists()

    # The administrator's own page offers no reset either.
    verified_login(client, admin)
    own = client.get(reverse("people:person_detail", args=[admin.pk])).content.decode()
    assert 'value="reset_password"' not in own


def test_the_old_account_pages_move_to_the_people_pages(client):
    admin = make_user(Role.SYSADMIN)
    person = make_user(Role.DSL, school=make_school())
    verified_login(client, admin)
    old_list = client.get("/accounts/users/", {"q": "smith", "role": "dsl", "page": "2", "x": "1"})
    assert old_list.status_code == 301
    assert old_list["Location"] == reverse("people:person_list") + "?q=smith&role=dsl&page=2"
    assert client.get("/accounts/users/")["Location"] == reverse("people:person_list")
    old_detail = client.get(f"/accounts/users/{person.pk}/")
    assert old_detail.status_code == 301
    assert old_detail["Location"] == reverse("people:person_detail", args=[person.pk])
    # The old pages are still the administrator's only: no redirect for anyone else.
    verified_login(client, make_user(Role.INSPECTOR))
    assert client.get("/accounts/users/").status_code == 403
    assert client.get(f"/accounts/users/{person.pk}/").status_code == 403


def test_a_reset_posted_to_the_old_action_shows_on_the_persons_page(client):
    admin = make_user(Role.SYSADMIN)
    person = make_user(Role.DSL, school=make_school())
    verified_login(client, admin)
    response = client.post(
        reverse("accounts:user_action", args=[person.pk]), {"action": "reset_password"}
    )
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    temporary = _temporary(client.get(response["Location"]).content.decode())
    assert temporary and User.objects.get(pk=person.pk).check_password(temporary)
