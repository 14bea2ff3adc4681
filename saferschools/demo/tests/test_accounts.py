"""Demo sign-ins: one of each role, and they still work with mandatory two-factor (a fixed
demo secret and `otp-code`)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.accounts.otp import base32_secret, confirmed_device, current_code
from saferschools.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET
from saferschools.demo.bootstrap import _accounts
from saferschools.testing.builders import make_officer, make_school, make_user, name_officer
from saferschools.workforce.choices import Rank


@pytest.fixture
def demo(db):
    sergeant = make_officer(Rank.SERGEANT)
    name_officer(make_school(), make_officer(sergeant=sergeant))
    make_officer(Rank.INSPECTOR)
    make_officer(Rank.STAFF)
    out = StringIO()
    _accounts(out)
    return out.getvalue()


def code_for(username):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("otp-code", username, stdout=out)
    return out.getvalue().strip()


def test_the_demo_sign_ins_include_one_of_each_role(demo):
    for role in Role:
        assert role.label in demo, role
        assert User.objects.filter(role=role, is_synthetic=True, is_active=True).exists()


def test_demo_police_accounts_have_the_published_secret(demo):
    for username in ("inspector", "sergeant", "officer", "coordinator", "admin"):
        user = User.objects.get(username=username)
        assert user.is_synthetic
        assert base32_secret(confirmed_device(user)) == DEMO_TOTP_SECRET
    for username in ("head", "dsl"):
        assert confirmed_device(User.objects.get(username=username)) is None
    assert "otp-code USERNAME" in demo and DEMO_TOTP_SECRET in demo
    assert "officer" in demo and DEMO_PASSWORD in demo


@override_settings(OTP_REQUIRED_FOR_POLICE=True)
def test_a_demo_officer_signs_in_with_the_printed_code(client, demo):
    response = client.post(
        reverse("accounts:login"), {"username": "officer", "password": DEMO_PASSWORD}
    )
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    code = code_for("officer")
    assert code == current_code(confirmed_device(User.objects.get(username="officer")))
    assert client.post(reverse("accounts:otp_verify"), {"token": code}).status_code == 302
    assert client.get("/").status_code == 200


def test_otp_code_refuses_real_accounts_and_production(demo):
    real = make_user(Role.INSPECTOR)
    with pytest.raises(CommandError, match="not a synthetic demo account"):
        code_for(real.username)
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="development"):
        call_command("otp-code", "officer")
