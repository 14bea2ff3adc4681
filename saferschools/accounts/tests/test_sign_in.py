"""Sign-in: lockout through the real form (axes), a new session id, two-factor for police
roles, session limits, disabled accounts, administrator resets, password rules."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from saferschools.accounts.choices import Role
from saferschools.accounts.middleware import SESSION_SEEN, SESSION_STARTED
from saferschools.accounts.models import AuditEntry, User
from saferschools.accounts.otp import confirmed_device, current_code, pending_device
from saferschools.accounts.validators import BreachedPasswordValidator, LengthValidator
from saferschools.testing.builders import (
    PASSWORD,
    make_school,
    make_user,
    officer_user,
    verified_login,
)

LOGIN = "/accounts/login/"
otp_on = override_settings(OTP_REQUIRED_FOR_POLICE=True)


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def inspector(db):
    return make_user(Role.INSPECTOR)


def test_the_sixth_wrong_password_locks_the_account(client, inspector):
    for attempt in range(1, 6):
        response = sign_in(client, inspector.username, "wrong-password")
        assert response.status_code == 200, attempt
        assert "Enter a correct username and password" in response.content.decode()
    response = sign_in(client, inspector.username, "wrong-password")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Even the right password is refused now, and nobody is signed in.
    response = sign_in(client, inspector.username)
    assert response.status_code == 429 and "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session
    log = AuditEntry.objects.filter(username=inspector.username)
    assert log.filter(action="sign_in_failed", outcome="failed").count() >= 6
    assert log.filter(action="locked_out", outcome="denied").exists()
    # Another account is not locked by it.
    other = make_user(Role.INSPECTOR)
    assert sign_in(Client(), other.username).status_code == 302


def test_a_new_session_id_at_sign_in(client, inspector):
    session = client.session
    session["before"] = "anonymous"
    session.save()
    old_key = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert sign_in(client, inspector.username).status_code == 302
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert AuditEntry.objects.filter(username=inspector.username, action="sign_in").exists()


def test_sign_out_is_audited(client, inspector):
    sign_in(client, inspector.username)
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(username=inspector.username, action="sign_out").exists()


def test_force_login_works_for_police_in_test_settings(client, db):
    client.force_login(officer_user(make_school()))
    assert client.get("/").status_code == 200


@otp_on
def test_police_enrol_then_verify_with_single_use_codes(client, db):
    user = officer_user(make_school())
    response = sign_in(client, user.username)
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    # Nothing else is reachable before the second step, on the web or the API.
    assert client.get("/")["Location"].startswith(reverse("accounts:otp_setup"))
    assert client.get("/api/me/").status_code == 403
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    device = pending_device(user)
    from saferschools.accounts.otp import base32_secret

    assert base32_secret(device) in page and 'src="data:image/svg+xml;base64,' in page
    response = client.post(reverse("accounts:otp_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    device = confirmed_device(user)
    used = current_code(device)

    client.post(reverse("accounts:logout"))
    assert sign_in(client, user.username)["Location"].startswith(reverse("accounts:otp_verify"))
    # The code used to enrol cannot be used again (django-otp keeps last_t).
    response = client.post(reverse("accounts:otp_verify"), {"token": used})
    assert response.status_code == 200 and "was used already" in response.content.decode()
    assert client.get("/").status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    next_code = current_code(device, at=time.time() + device.step)
    response = client.post(reverse("accounts:otp_verify"), {"token": next_code, "next": "/inbox/"})
    assert response["Location"] == "/inbox/"
    assert client.get("/").status_code == 200
    log = AuditEntry.objects.filter(username=user.username)
    assert {"otp_enrolled", "otp_failed", "otp_verified"} <= set(
        log.values_list("action", flat=True)
    )


@otp_on
def test_enrolment_is_refused_once_a_device_exists(client, db):
    user = officer_user(make_school())
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(client, user.username)
    assert client.get(reverse("accounts:otp_setup"))["Location"].startswith(
        reverse("accounts:otp_verify")
    )


@otp_on
def test_school_staff_may_use_password_alone_or_opt_in(client, db):
    head = make_user(Role.HEADTEACHER, school=make_school())
    assert sign_in(client, head.username)["Location"] == "/"
    assert client.get("/").status_code == 200
    TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    other = Client()
    assert sign_in(other, head.username)["Location"].startswith(reverse("accounts:otp_verify"))


@otp_on
def test_verified_login_helper_passes_two_factor(client, db):
    user = officer_user(make_school())
    verified_login(client, user)
    assert client.get("/").status_code == 200
    plain = Client()
    plain.force_login(user)
    assert plain.get("/").status_code == 302


def _age_session(client, *, idle=0, total=0):
    session = client.session
    now = time.time()
    session[SESSION_SEEN] = now - idle
    session[SESSION_STARTED] = now - total
    session.save()


def test_sessions_end_after_15_minutes_idle(client, inspector):
    sign_in(client, inspector.username)
    _age_session(client, idle=14 * 60, total=14 * 60)
    assert client.get("/").status_code == 200
    _age_session(client, idle=15 * 60 + 5, total=20 * 60)
    response = client.get("/")
    assert response["Location"] == reverse("accounts:login") + "?timeout=1"
    assert client.get("/").status_code == 302
    entry = AuditEntry.objects.filter(username=inspector.username, action="sign_out").last()
    assert entry.details == {"reason": "idle"}


def test_last_seen_is_written_about_once_a_minute(client, inspector):
    """Requests within SEEN_RESOLUTION of the last write leave the session unsaved (no UPDATE
    per request); an older time is moved on, so use keeps a session alive."""
    from saferschools.accounts.middleware import SEEN_RESOLUTION

    sign_in(client, inspector.username)
    _age_session(client, idle=10, total=10)
    seen = client.session[SESSION_SEEN]
    assert client.get("/").status_code == 200
    assert client.session[SESSION_SEEN] == seen
    _age_session(client, idle=SEEN_RESOLUTION + 1, total=120)
    stale = client.session[SESSION_SEEN]
    assert client.get("/").status_code == 200
    assert client.session[SESSION_SEEN] > stale + SEEN_RESOLUTION


def test_sessions_end_after_12_hours_in_all(client, inspector):
    sign_in(client, inspector.username)
    _age_session(client, idle=60, total=12 * 3600 - 120)
    assert client.get("/").status_code == 200
    _age_session(client, idle=60, total=12 * 3600 + 1)
    assert client.get("/")["Location"].endswith("?timeout=1")


def test_disabling_an_account_ends_every_session_at_once(db):
    user = make_user(Role.INSPECTOR)
    phone, desk = Client(), Client()
    for c in (phone, desk):
        sign_in(c, user.username)
        assert c.get("/").status_code == 200
    user.is_active = False
    user.save()
    for c in (phone, desk):
        assert c.get("/").status_code == 302
    assert not any(
        str(s.get_decoded().get("_auth_user_id")) == str(user.pk) for s in Session.objects.all()
    )


def test_administrator_resets_a_password_and_it_must_be_changed(client, db):
    admin = make_user(Role.SYSADMIN)
    user = make_user(Role.DSL, school=make_school())
    victim_session = Client()
    sign_in(victim_session, user.username)
    verified_login(client, admin)
    response = client.post(
        reverse("accounts:user_action", args=[user.pk]), {"action": "reset_password"}
    )
    page = client.get(response["Location"]).content.decode()
    temporary = page.split('id="temporary-password">')[1].split("<")[0]
    assert len(temporary) >= 15
    assert temporary not in client.get(response["Location"]).content.decode()  # shown once
    assert victim_session.get("/").status_code == 302  # old sessions ended
    fresh = Client()
    assert sign_in(fresh, user.username, PASSWORD).status_code == 200  # old password gone
    sign_in(fresh, user.username, temporary)
    assert fresh.get("/")["Location"] == reverse("accounts:password_change")
    response = fresh.post(
        reverse("accounts:password_change"),
        {
            "old_password": temporary,
            "new_password1": "copper kettle rain lantern",
            "new_password2": "copper kettle rain lantern",
        },
    )
    assert response.status_code == 302
    assert fresh.get("/").status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"password_reset", "password_change"} <= actions


def test_administrator_can_disable_and_reset_two_factor(client, db):
    admin = make_user(Role.SYSADMIN)
    user = officer_user()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    verified_login(client, admin)
    url = reverse("accounts:user_action", args=[user.pk])
    client.post(url, {"action": "reset_otp"})
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    client.post(url, {"action": "disable"})
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEntry.objects.filter(action="account_disable", record_id=str(user.pk)).exists()


def test_only_the_system_administrator_is_staff(db):
    assert make_user(Role.SYSADMIN).is_staff
    assert not make_user(Role.INSPECTOR, is_staff=True).is_staff


def test_password_rules(db):
    with pytest.raises(ValidationError, match="at least 8"):
        validate_password("short7!")
    assert "15 or more" in LengthValidator(8).get_help_text()
    for guessable in ("password", "SaferSchools2026!", "saferschools-demo-2026", "Police123"):
        with pytest.raises(ValidationError):
            validate_password(guessable)
    validate_password("copper kettle rain lantern")  # long and unguessable: accepted


def test_breached_list_is_searched_on_disk_when_large(tmp_path):
    import hashlib

    words = [f"leaked-password-{i}" for i in range(2000)]
    lines = sorted(
        f"{hashlib.sha1(w.encode()).hexdigest().upper()}:{i}" for i, w in enumerate(words)
    )
    path = tmp_path / "pwned.txt"
    path.write_text("\n".join(lines) + "\n")
    validator = BreachedPasswordValidator(str(path), in_memory_limit=0)
    for w in (words[0], words[777], words[-1], "LEAKED-PASSWORD-5"):
        assert validator.contains(w), w
    assert validator.contains("Leaked-Password-12!!") is False  # not a listed variant
    assert not validator.contains("copper kettle rain lantern")
    assert BreachedPasswordValidator(str(path)).contains(words[1234])  # in memory too


def test_locked_out_user_is_not_created_as_side_effect(db):
    assert not User.objects.filter(username="nobody").exists()
    for _ in range(6):
        sign_in(Client(), "nobody", "x")
    assert AuditEntry.objects.filter(username="nobody", action="locked_out").exists()
