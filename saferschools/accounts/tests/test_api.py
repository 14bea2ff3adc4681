"""The API: /api/me/, token authentication with the web's scopes, throttling."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import make_school, make_user, officer_user


def test_me_describes_the_signed_in_user(db):
    school = make_school(name="Hilltop School")
    head = make_user(Role.HEADTEACHER, school=school, first_name="Pat", last_name="Head")
    api = APIClient()
    api.force_authenticate(head)
    data = api.get("/api/me/").json()
    assert data["username"] == head.username and data["name"] == "Pat Head"
    assert data["role"] == "headteacher" and data["school"]["name"] == "Hilltop School"
    assert data["schools_in_scope"] == 1 and data["can_see_children"] is True
    api.force_authenticate(make_user(Role.COORDINATOR))
    assert api.get("/api/me/").json()["can_see_children"] is False


def test_me_needs_authentication(db):
    assert APIClient().get("/api/me/").status_code in (401, 403)


def test_a_token_sees_exactly_what_its_user_sees(client, db):
    mine, other = make_school(), make_school()
    head = make_user(Role.HEADTEACHER, school=mine)
    client.force_login(head)
    page = client.post(reverse("accounts:account"), {"action": "token"}).content.decode()
    key = page.split('id="api-token">')[1].split("<")[0]
    from saferschools.accounts.authentication import key_hash
    from saferschools.accounts.models import ApiToken

    assert ApiToken.objects.get(user=head).key_hash == key_hash(key)
    assert AuditEntry.objects.filter(action="token_issued", username=head.username).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    names = [s["name"] for s in api.get("/api/schools/").json()["results"]]
    assert names == [mine.name]
    assert api.get(f"/api/schools/{other.pk}/").status_code == 404
    assert AuditEntry.objects.filter(outcome="denied", record_id=str(other.pk)).exists()
    head.is_active = False
    head.save()
    assert api.get("/api/schools/").status_code in (401, 403)


@override_settings(OTP_REQUIRED_FOR_POLICE=True)
def test_session_api_calls_need_two_factor_for_police(client, db):
    from saferschools.testing.builders import verified_login

    user = officer_user(make_school())
    client.force_login(user)
    assert client.get("/api/me/").status_code == 403
    verified_login(client, user)
    assert client.get("/api/me/").status_code == 200


@pytest.mark.parametrize("signed_in", [True, False])
def test_throttling_engages(db, settings, signed_in):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "3/minute"},
    }
    cache.clear()
    api = APIClient()
    if signed_in:
        api.force_authenticate(make_user(Role.INSPECTOR))
    codes = [api.get("/api/schema/" if not signed_in else "/api/me/").status_code for _ in range(5)]
    cache.clear()
    if signed_in:
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    else:
        # the schema is public: the anonymous rate applies to it
        assert 429 in codes, codes
