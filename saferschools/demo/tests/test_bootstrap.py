"""What a new user sees after `make run` on a machine without the real extracts: the synthetic
demo area, with today on the roster, absence and cover, and months of varied activity, so every
role's home page has something on day one."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.db import transaction
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.casework.models import Concern
from saferschools.core.home import home_for
from saferschools.demo.bootstrap import bootstrap
from saferschools.demo.casework import _school_day
from saferschools.engagement.models import SchoolContact, SchoolRequest
from saferschools.rostering.engine.school_calendar import (
    DayType,
    standard_english_school_calendar,
)
from saferschools.rostering.models import Absence, Roster, RosterShift
from saferschools.workforce.models import CoverAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    """One bootstrap for the module, rolled back after it (each test runs in a savepoint)."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        bootstrap(out, data=str(tmp_path_factory.mktemp("demo") / "no-data-here"))
        yield out.getvalue()
        transaction.set_rollback(True)


def _user(role: str) -> User:
    return User.objects.filter(role=role, is_synthetic=True).order_by("pk").first()


def test_the_roster_covers_today_with_absence_and_cover(demo_site):
    today = timezone.localdate()
    roster = Roster.objects.published().get()
    assert roster.start <= today <= roster.end, demo_site
    assert RosterShift.objects.filter(roster=roster, date=today).exists()
    away_today = Absence.objects.filter(start__lte=today, end__gte=today)
    reasons = set(Absence.objects.values_list("reason", flat=True))
    assert {"sickness", "annual_leave"} <= reasons
    assert away_today.exists()
    # Nobody away today has a shift today: the roster was made around the absences.
    assert not RosterShift.objects.filter(
        roster=roster, date=today, officer__in=[a.officer for a in away_today]
    ).exists()
    # The schools of someone off sick today are covered by another officer.
    covered = CoverAssignment.objects.active_on(today)
    assert covered.exists()
    for cover in covered:
        assert cover.officer_id != cover.establishment.named_assignment.officer_id


def test_every_role_has_something_on_day_one(demo_site):
    officer = home_for(_user(Role.SCHOOLS_OFFICER)).items
    assert officer["schools"] and officer["replies"]
    assert any(r.covering for r in officer["schools"])  # covering a colleague off sick
    assert officer["awaiting_voice"] and officer["sessions"]
    assert officer["shifts_week"]
    sergeant = home_for(_user(Role.SERGEANT)).items
    assert sergeant["team_shifts"]
    assert any(a.cover for a in sergeant["without_named"])
    inspector = home_for(_user(Role.INSPECTOR)).items
    assert inspector["without_named"] and inspector["named"] > 0
    assert any(not a.cover for a in inspector["without_named"])  # a gap: court, no cover
    school = home_for(_user(Role.DSL)).items
    assert school["contact"] is not None and school["requests"] and school["sessions"]
    assert all(s.delivered_on.weekday() < 5 for s in school["sessions"])
    # Last month's report has named-officer figures: the plan was adopted as of September.
    coordinator = dict(home_for(_user(Role.COORDINATOR)).items["headline"])
    assert int(coordinator["With a named officer at month end"].replace(",", "")) > 0


def test_activity_is_varied_and_spread_over_recent_months(demo_site):
    now = timezone.now()
    raised = list(Concern.all_objects.values_list("raised_at", flat=True))
    months = {(r.year, r.month) for r in raised}
    assert len(months) >= 5
    assert max(raised) > now - dt.timedelta(days=7) and max(raised) <= now
    assert min(raised) < now - dt.timedelta(days=120)
    details = [c.details for c in Concern.all_objects.all()]
    assert len(set(details)) >= len(details) // 3 >= 5
    assert not any("Synthetic demo" in d for d in details)
    subjects = set(SchoolRequest.all_objects.values_list("subject", flat=True))
    assert len(subjects) >= 5 and not any("Synthetic demo" in s for s in subjects)
    notes = set(SchoolContact.all_objects.values_list("notes", flat=True))
    assert len(notes) >= 5
    # The latest contacts are within a fortnight of the last school day (not in a holiday).
    today = timezone.localdate()
    calendar = standard_english_school_calendar(today - dt.timedelta(days=400), today)
    last_open = _school_day(today - dt.timedelta(days=1), calendar, forward=False)
    contacts = SchoolContact.all_objects.values_list("contact_on", flat=True)
    assert max(contacts) >= last_open - dt.timedelta(days=14)
    assert all(calendar.day_type(d) is DayType.SCHOOL_DAY for d in contacts)
    # Some concerns are closed, some open: the lists on the home pages are not everything.
    assert {"open", "closed"} <= set(Concern.all_objects.values_list("status", flat=True))


def test_bootstrap_twice_changes_nothing(demo_site, tmp_path):
    assert "== absences" in demo_site and "== roster" in demo_site
    counts = (Absence.objects.count(), CoverAssignment.objects.count(), Roster.objects.count())
    bootstrap(StringIO(), data=str(tmp_path / "no-data-here"))
    assert (
        Absence.objects.count(),
        CoverAssignment.objects.count(),
        Roster.objects.count(),
    ) == counts
