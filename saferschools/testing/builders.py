"""Small builders for tests: real model rows with sensible defaults (no mocks)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.estate.models import District, Division, Establishment, Force
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer, SchoolAssignment

_seq = itertools.count(1)
PASSWORD = "a-long-test-password-2026"


def make_district(name: str | None = None, *, division: str = "Test North") -> District:
    n = next(_seq)
    force, _ = Force.objects.get_or_create(name="Test Force")
    div, _ = Division.objects.get_or_create(force=force, name=division)
    return District.objects.create(code=f"T{n:08d}", name=name or f"Testshire {n}", division=div)


def make_school(
    district: District | None = None, *, named_officer: Officer | None = None, **kw: Any
) -> Establishment:
    """An open secondary academy (in `district`, or a new one), with `named_officer` named for
    it from today if given; `kw` overrides any column."""
    n = next(_seq)
    district = district or make_district()
    defaults: dict[str, Any] = {
        "urn": 800000 + n,
        "name": f"Test Academy {n}",
        "type_name": "Academy converter",
        "phase": "Secondary",
        "school_group": "secondary",
        "status": "Open",
        "number_of_pupils": 1000,
        "percentage_fsm": 20,
        "easting": 560000 + n * 100,
        "northing": 150000 + n * 100,
        "district": district,
    }
    defaults.update(kw)
    school = Establishment.objects.create(**defaults)
    if named_officer is not None:
        name_officer(school, named_officer)
    return school


def make_officer(rank: str = Rank.CONSTABLE, **kw: Any) -> Officer:
    n = next(_seq)
    defaults: dict[str, Any] = {
        "collar_number": f"T{n}",
        "rank": rank,
        "first_name": "Test",
        "last_name": f"Officer{n}",
    }
    defaults.update(kw)
    return Officer.objects.create(**defaults)


def make_user(
    role: str,
    *,
    school: Establishment | None = None,
    officer: Officer | None = None,
    username: str | None = None,
    **kw: Any,
) -> User:
    n = next(_seq)
    user = User.objects.create_user(
        username=username or f"{role}{n}", password=PASSWORD, role=role, school=school, **kw
    )
    if officer is not None:
        officer.user = user
        officer.save(update_fields=["user"])
    return user


def name_officer(
    school: Establishment, officer: Officer, since: dt.date | None = None
) -> SchoolAssignment:
    """Make `officer` the school's named officer (from `since`, default today), with history."""
    from saferschools.workforce.services import named_periods_sync

    day = since or dt.date.today()
    assignment, _ = SchoolAssignment.objects.update_or_create(
        establishment=school, defaults={"officer": officer, "since": day}
    )
    named_periods_sync(on=day)
    return assignment


def officer_user(school: Establishment | None = None) -> User:
    """A schools officer with a linked Officer record, named for `school` if given."""
    officer = make_officer()
    user = make_user(Role.SCHOOLS_OFFICER, officer=officer)
    if school is not None:
        name_officer(school, officer)
    return user


def verified_login(client: Any, user: User) -> Any:
    """Sign `user` in on a test client as if they had passed two-factor: gives them a confirmed
    TOTP device and marks the session verified (django-otp). Works whether or not
    OTP_REQUIRED_FOR_POLICE is on. Returns the device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test device", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


login_verified = verified_login


def browser_sign_in(page: Any, live_server_url: str, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real form in a Playwright page; passes two-factor when it is asked
    for (the user gets a TOTP device and the current code is typed)."""
    page.goto(f"{live_server_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_load_state()
    if "/accounts/two-factor/" in page.url:
        from saferschools.accounts.otp import confirmed_device, current_code, pending_device

        device = confirmed_device(user) or pending_device(user)
        page.fill("#id_token", current_code(device))
        page.click("button[type=submit]")
        page.wait_for_load_state()


def fill_govuk_date(page: Any, field_id: str, value: dt.date | dt.datetime | str) -> None:
    """Type a date (and time) into a GOV.UK date input's boxes in a Playwright page.
    `value` may be a date, a datetime or an ISO string ("2011-03-14", "2026-12-01T09:30")."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    page.fill(f"#{field_id}_day", str(value.day))
    page.fill(f"#{field_id}_month", str(value.month))
    page.fill(f"#{field_id}_year", str(value.year))
    if isinstance(value, dt.datetime):
        page.fill(f"#{field_id}_time", f"{value:%H:%M}")


def fill_form(page: Any, **values: Any) -> None:
    """Fill a Django form in a Playwright page, field by field name: a GOV.UK date input gets
    its boxes typed (see `fill_govuk_date`), a select has the value chosen, any other input is
    typed into."""
    for name, value in values.items():
        field_id = f"id_{name}"
        if page.locator(f"#{field_id}_day").count():
            fill_govuk_date(page, field_id, value)
            continue
        box = page.locator(f"#{field_id}")
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(str(value))
        else:
            box.fill(str(value))
