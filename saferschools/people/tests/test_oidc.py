"""Single sign-on against a real OpenID Connect provider started by the test (panva's
certified `oidc-provider`, from package.json's devDependencies, on a loopback port): a police
officer's force identity signs in to their existing account and sees exactly their schools
without a second TOTP step; an unknown identity is refused and audited; a school member's
e-mail is refused too; no claim makes an account."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from django.conf import settings as django_settings

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry, User
from saferschools.people.models import ExternalIdentity
from saferschools.testing.builders import make_officer, make_school, make_user, name_officer

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(django_settings.BASE_DIR)
PROVIDER = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID, CLIENT_SECRET = "saferschools-test", "a-test-client-secret-of-some-length"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def clients():
    """Every HTTP client a test opens, closed before the live server stops (a kept-alive
    connection would leave a server thread running past the test's database)."""
    opened: list[httpx.Client] = []
    yield opened
    for client in opened:
        client.close()


@pytest.fixture
def provider(live_server, settings, clients):
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.skip("node and the oidc-provider devDependency are needed (npm ci)")
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    accounts = {
        "officer-4521": {"email": "Ali.Jones@force.example.org", "email_verified": True},
        "stranger": {"email": "stranger@force.example.org", "email_verified": True},
        "school-dsl": {"email": "dsl@school.example.org", "email_verified": True},
    }
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/oidc/callback/",
        "accounts": accounts,
    }
    proc = subprocess.Popen(
        [node, str(PROVIDER), str(port), json.dumps(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if "ready" in line:
                break
            if proc.poll() is not None:
                pytest.fail(f"the OIDC provider did not start: {proc.stdout.read()}")
        else:
            pytest.fail("the OIDC provider did not start within 20 s")
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_ISSUER = issuer
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{issuer}/auth"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{issuer}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{issuer}/me"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{issuer}/jwks"
        settings.AUTHENTICATION_BACKENDS = [
            *django_settings.AUTHENTICATION_BACKENDS,
            django_settings.OIDC_BACKEND,
        ]
        settings.OTP_REQUIRED_FOR_POLICE = True
        yield issuer
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _form(html: str) -> tuple[str, dict[str, str]]:
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', html).group(1))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return action, fields


def sign_in_at_provider(
    live_url: str, login: str, clients: list[httpx.Client]
) -> tuple[httpx.Client, httpx.Response]:
    """Start at SaferSchools' "Sign in with your force account", then sign in and consent at
    the provider as a person would, following every redirect back to SaferSchools."""
    client = httpx.Client(timeout=20, headers={"Connection": "close"})
    clients.append(client)
    response = client.get(f"{live_url}/oidc/authenticate/")
    for _ in range(20):
        if response.is_redirect:
            response = client.get(urljoin(str(response.url), response.headers["location"]))
            continue
        if "/interaction/" in str(response.url) and response.status_code == 200:
            action, fields = _form(response.text)
            if fields.get("prompt") == "login":
                fields.update(login=login, password="any")
            response = client.post(urljoin(str(response.url), action), data=fields)
            continue
        break
    return client, response


def test_police_identity_signs_in_to_their_account_and_sees_their_schools(
    provider, live_server, clients
):
    mine, theirs = make_school(name="Harbour Academy"), make_school(name="Hill School")
    officer = make_officer(collar_number="4521")
    name_officer(mine, officer)
    name_officer(theirs, make_officer())
    user = make_user(Role.SCHOOLS_OFFICER, officer=officer, email="ali.jones@force.example.org")

    client, landing = sign_in_at_provider(live_server.url, "officer-4521", clients)
    assert landing.status_code == 200 and str(landing.url).startswith(live_server.url)
    schools = client.get(f"{live_server.url}/schools/")
    # Signed in, and the provider's sign-in stands in for the TOTP step (no two-factor page).
    assert schools.status_code == 200 and "/accounts/two-factor/" not in str(schools.url)
    assert "Harbour Academy" in schools.text and "Hill School" not in schools.text
    pinned = ExternalIdentity.objects.get(user=user)
    assert (pinned.issuer, pinned.subject) == (provider, "officer-4521")
    user.refresh_from_db()
    assert user.role == Role.SCHOOLS_OFFICER and User.objects.count() == 1
    assert AuditEntry.objects.filter(action="sign_in", username=user.username).exists()

    # Later the e-mail at the provider belongs to someone else: the pinned subject still
    # decides, and a second account with the e-mail does not capture the identity.
    make_user(Role.SERGEANT, email="someone.else@force.example.org")
    again, _ = sign_in_at_provider(live_server.url, "officer-4521", clients)
    assert "Harbour Academy" in again.get(f"{live_server.url}/schools/").text


def test_unknown_identity_is_refused_audited_and_no_account_is_made(provider, live_server, clients):
    make_user(Role.SCHOOLS_OFFICER, email="ali.jones@force.example.org")
    before = User.objects.count()
    client, landing = sign_in_at_provider(live_server.url, "stranger", clients)
    assert "/accounts/login/" in str(landing.url) and "sso=refused" in str(landing.url)
    assert "not linked to a SaferSchools account" in landing.text
    after = client.get(f"{live_server.url}/schools/", follow_redirects=False)
    assert after.status_code == 302 and "/accounts/login/" in after.headers["location"]
    assert User.objects.count() == before and not ExternalIdentity.objects.exists()
    refused = AuditEntry.objects.get(action="sign_in_failed", details__via="oidc")
    assert refused.details["subject"] == "stranger"
    assert refused.details["reason"] == "no SaferSchools account has this e-mail"


def test_school_staff_do_not_sign_in_by_force_identity(provider, live_server, clients):
    make_user(Role.DSL, school=make_school(), email="dsl@school.example.org")
    client, landing = sign_in_at_provider(live_server.url, "school-dsl", clients)
    assert "sso=refused" in str(landing.url)
    entry = AuditEntry.objects.get(action="sign_in_failed", details__via="oidc")
    assert entry.details["reason"] == "single sign-on is for police staff only"
