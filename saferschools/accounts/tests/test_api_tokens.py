"""API tokens have a lifetime, the idle rule, revocation and a record of their last use
(issue 12, item 9)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from saferschools.accounts import services
from saferschools.accounts.choices import Role
from saferschools.accounts.models import ApiToken, AuditEntry
from saferschools.testing.builders import make_school, make_user


def _api(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_a_token_records_its_last_use_and_only_its_hash_is_stored(db):
    head = make_user(Role.HEADTEACHER, school=make_school())
    token, key = services.api_token_issue(acting_user=head)
    assert token.last_used_at is None
    assert _api(key).get("/api/me/", REMOTE_ADDR="192.0.2.44").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_ip == "192.0.2.44"
    assert key not in str(list(ApiToken.objects.values_list()))
    assert token.expires_at - token.created_at == dt.timedelta(hours=12)


def test_an_expired_token_is_refused_saying_so(db):
    head = make_user(Role.HEADTEACHER, school=make_school())
    token, key = services.api_token_issue(acting_user=head)
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=13),
        expires_at=timezone.now() - dt.timedelta(hours=1),
        last_used_at=timezone.now() - dt.timedelta(minutes=1),
    )
    response = _api(key).get("/api/me/")
    assert response.status_code in (401, 403) and "expired" in response.json()["detail"]


def test_a_token_unused_past_the_idle_rule_ends(db, settings):
    settings.API_TOKEN_IDLE_MINUTES = 15
    head = make_user(Role.HEADTEACHER, school=make_school())
    token, key = services.api_token_issue(acting_user=head)
    assert _api(key).get("/api/me/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - dt.timedelta(minutes=16)
    )
    response = _api(key).get("/api/me/")
    assert response.status_code in (401, 403) and "unused" in response.json()["detail"]


def test_revoking_a_token_on_the_account_page_ends_it_and_is_audited(client, db):
    head = make_user(Role.HEADTEACHER, school=make_school())
    client.force_login(head)
    page = client.post(reverse("accounts:account"), {"action": "token"}).content.decode()
    key = page.split('id="api-token">')[1].split("<")[0]
    assert _api(key).get("/api/me/").status_code == 200
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Last used" in page and key[:8] in page and key not in page
    client.post(reverse("accounts:account"), {"action": "revoke_token"})
    assert _api(key).get("/api/me/").status_code in (401, 403)
    assert AuditEntry.objects.filter(action="token_revoked", username=head.username).exists()


def test_a_new_token_revokes_the_old_one(db):
    head = make_user(Role.HEADTEACHER, school=make_school())
    _first, old = services.api_token_issue(acting_user=head)
    _second, new = services.api_token_issue(acting_user=head)
    assert _api(old).get("/api/me/").status_code in (401, 403)
    assert _api(new).get("/api/me/").status_code == 200
