"""`saferschools bootstrap`: what `make run` does to get a working area from nothing.

Each step is idempotent, so running it twice changes nothing. Steps are listed in the order
their data depend on each other: the demo sign-ins before the absences (the demo officer covers
a colleague), the absences before the roster (which leaves the absent off those days).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings

from saferschools.estate.models import Establishment

Step = Callable[[TextIO], Any]


def _load_area(out: TextIO, data: str | None) -> None:
    if Establishment.objects.exists():
        out.write("Area already loaded.\n")
        return
    from saferschools.core.progress import ProgressPrinter
    from saferschools.demo.area import demo_area_load
    from saferschools.estate.services import area_load

    folder = Path(data) if data else Path(settings.SHARED_DATA_DIR)
    if folder.is_dir():
        out.write(f"Loading the real public extracts from {folder} ...\n")
        area_load(
            data_dir=folder,
            progress_for=lambda label: ProgressPrinter(label, out),
            on_summary=lambda s: out.write(s.as_text() + "\n"),
        )
    else:
        out.write(f"No data folder at {folder}: loading the synthetic demo area.\n")
        out.write(demo_area_load(seed=int(os.environ.get("DEMO_SEED", "1"))).as_text() + "\n")


def _officers(out: TextIO) -> None:
    from saferschools.demo.officers import demo_officers_seed

    out.write(f"Officers: {demo_officers_seed()}\n")


def _contacts(out: TextIO) -> None:
    """Contact details for schools, officers and teams (invented, on reserved domains and
    numbers) where a force has not entered real ones."""
    from saferschools.demo.area import demo_school_contacts_seed
    from saferschools.demo.officers import demo_contacts_seed

    out.write(f"Contacts: {demo_school_contacts_seed()} schools, {demo_contacts_seed()}\n")


def _plan(out: TextIO) -> None:
    from saferschools.demo.plan import plan_bootstrap

    plan_bootstrap(out)


def _accounts(out: TextIO) -> None:
    from saferschools.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_accounts_seed

    logins = demo_accounts_seed()
    out.write("\nDemo sign-ins (synthetic people), password for all: " + DEMO_PASSWORD + "\n")
    for login in logins:
        mark = " *" if login.two_factor else ""
        out.write(f"  {login.username:<12} {login.role:<32} {login.note}{mark}\n")
    if any(login.two_factor for login in logins):
        out.write(
            "* Police accounts and the administrator also need a two-factor code after the\n"
            "  password. Get the current one with:  .venv/bin/saferschools otp-code USERNAME\n"
            f"  (or add the demo secret {DEMO_TOTP_SECRET} to an authenticator app).\n"
            "  Each code works once; wait for the next 30-second code to sign in again.\n"
        )


def _casework(out: TextIO) -> None:
    from saferschools.demo.casework import demo_casework_seed

    out.write(f"Casework (synthetic children): {demo_casework_seed()}\n")


def _encompass(out: TextIO) -> None:
    from saferschools.demo.encompass import demo_encompass_seed

    out.write(f"Operation Encompass (synthetic children): {demo_encompass_seed()}\n")


def _frontdoor(out: TextIO) -> None:
    from saferschools.demo.frontdoor import demo_frontdoor_seed

    out.write(f"Front door (resources, synthetic survey answers): {demo_frontdoor_seed()}\n")


def _absences(out: TextIO) -> None:
    from saferschools.demo.absences import demo_absences_seed

    out.write(f"Absences and cover: {demo_absences_seed()}\n")


def _roster(out: TextIO) -> None:
    """A published four-week roster from this week's Monday, so today has its shifts (and the
    absences recorded before it) on day one."""
    import datetime as dt

    from django.utils import timezone

    from saferschools.rostering.models import Roster
    from saferschools.rostering.services import (
        RosterError,
        calendar_default_create,
        roster_generate,
        roster_publish,
    )

    if Roster.objects.exists():
        out.write("A roster already exists.\n")
        return
    today = timezone.localdate()
    start = today - dt.timedelta(days=today.weekday())
    year = start.year if start.month >= 9 else start.year - 1
    for y in (year, year + 1):
        calendar_default_create(academic_year=y)
    try:
        roster = roster_generate(start=start, weeks=4, acting_user=None, time_limit_s=30)
        roster_publish(roster=roster, acting_user=None)
    except RosterError as exc:
        out.write(f"No demo roster: {exc}\n")
        return
    out.write(f"Published {roster} ({roster.shifts.count()} shifts).\n")


def steps(data: str | None) -> list[tuple[str, Step]]:
    return [
        ("area", lambda out: _load_area(out, data)),
        ("officers", _officers),
        ("plan", _plan),
        ("contacts", _contacts),
        ("accounts", _accounts),
        ("absences", _absences),
        ("roster", _roster),
        ("casework", _casework),
        ("encompass", _encompass),
        ("frontdoor", _frontdoor),
    ]


def bootstrap(out: TextIO, *, data: str | None = None) -> None:
    for name, step in steps(data):
        out.write(f"== {name}\n")
        step(out)
