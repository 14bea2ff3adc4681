"""Headless Chromium: the administrator adds a new constable with their collar number and
district and invites them by e-mail (a real SMTP server on loopback receives it); the
inspector, as the second person, approves the grant; the constable opens the link, chooses a
password, sets up two-factor and then sees exactly the schools of their patch."""

from __future__ import annotations

import base64
import re
import socket
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django_otp.oath import TOTP

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.core.axe import axe_violations
from saferschools.testing.builders import (
    PASSWORD,
    make_district,
    make_officer,
    make_school,
    make_user,
)
from saferschools.workforce.models import Officer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def _code_for(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key).token():06d}"


def sign_in(page, url: str, user) -> None:
    """The real sign-in form, then the two-factor page (set up on first sign-in)."""
    from saferschools.accounts.otp import confirmed_device, current_code, pending_device

    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button:has-text('Sign in')")
    page.wait_for_selector("#id_token")
    device = confirmed_device(user) or pending_device(user)
    page.fill("#id_token", current_code(device))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, page.url


def _sign_out(page, url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")


def test_admin_invites_a_constable_who_sets_up_and_sees_their_patch(
    live_server, page, smtp, settings
):
    settings.OTP_REQUIRED_FOR_POLICE = True
    url = live_server.url
    patch = make_district("Folkestone and Hythe")
    elsewhere = make_district("Thanet")
    slot = make_officer(collar_number="4521", first_name="Vacant", last_name="Post")
    for name in ("Harbour Academy", "Cliff School"):
        make_school(patch, name=name, named_officer=slot)
    colleague = make_officer(collar_number="4522", district=patch)
    make_school(patch, name="Leas College", named_officer=colleague)
    make_school(elsewhere, name="Margate Academy", named_officer=make_officer())
    admin = make_user(Role.SYSADMIN, first_name="Ada", last_name="Admin")
    inspector = make_user(Role.INSPECTOR, officer=make_officer("INSP"))

    # The administrator adds the constable and invites them.
    sign_in(page, url, admin)
    page.goto(f"{url}/people/")
    assert axe_violations(page) == []
    page.click("text=Add a person")
    page.fill("#id_first_name", "Sam")
    page.fill("#id_last_name", "Okafor")
    page.fill("#id_email", "sam.okafor@kent.police.example")
    page.select_option("#id_role", "schools_officer")
    page.fill("#id_collar_number", "4521")
    page.select_option("#id_district", str(patch.pk))
    assert axe_violations(page) == []
    page.click("button:has-text('Add person')")
    page.wait_for_selector("text=second person")
    assert axe_violations(page) == []
    sam = User.objects.get(email="sam.okafor@kent.police.example")
    assert not sam.is_active  # until the second person approves

    # The inspector approves the grant (the two-person rule).
    _sign_out(page, url)
    sign_in(page, url, inspector)
    page.goto(f"{url}/people/")
    page.click(f"#to-approve button:has-text('Approve {sam.username}')")
    page.wait_for_selector("text=Approved")
    sam.refresh_from_db()
    assert sam.is_active and Officer.objects.get(collar_number="4521").user == sam
    assert Officer.objects.get(collar_number="4521").district == patch

    # The invitation arrived by SMTP.
    deadline = time.monotonic() + 10
    while not smtp.messages and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "sam.okafor@kent.police.example"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"https?://\S+/people/invitation/\S+/", body).group(0)

    # The constable chooses a password and sets up two-factor.
    _sign_out(page, url)
    page.goto(link)
    assert axe_violations(page) == []
    assert page.inner_text("#invited-username") == sam.username
    page.fill("#id_new_password1", "harbour-wall-lantern-42")
    page.fill("#id_new_password2", "harbour-wall-lantern-42")
    page.click("button:has-text('Set password')")
    page.wait_for_selector("#otp-secret")
    assert axe_violations(page) == []
    page.fill("#id_token", _code_for(page.inner_text("#otp-secret").strip()))
    page.click("button:has-text('Finish setting up')")
    page.wait_for_load_state()
    assert "/two-factor/" not in page.url

    # The link works once.
    page.goto(link)
    assert "used already" in page.inner_text("h1")

    # They see exactly the schools of their patch.
    page.goto(f"{url}/schools/")
    text = page.inner_text("main")
    assert "Harbour Academy" in text and "Cliff School" in text
    assert "Leas College" not in text and "Margate Academy" not in text
