"""A small busy world for the home-page tests (web and browser)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from saferschools.casework import services as casework
from saferschools.casework.tests.helpers import make_child, make_world
from saferschools.engagement.tests.helpers import make_request, make_session
from saferschools.rostering.models import Absence
from saferschools.testing.builders import make_officer, make_school, name_officer
from saferschools.workforce.models import CoverAssignment


def busy_world():
    """One officer's school with a due reply, an overdue referral, two open concerns (one
    without the child's voice) and a booked session; a second school of the same team whose
    officer is off sick today and covered; a third school outside the team."""
    w = make_world()
    today = timezone.localdate()
    child = make_child(w)
    make_request(
        w.dsl,
        w.school,
        subject="Assembly on knife crime",
        message="Year 9 please.",
        priority="urgent",
    )
    casework.referral_create(
        acting_user=w.officer,
        young_person=child,
        service="camhs",
        reason="Low mood",
        made_on=today - dt.timedelta(days=20),
        due_date=today - dt.timedelta(days=5),
        consent="child",
    )
    for words in ("", "I don't feel safe on the bus."):
        casework.concern_create(
            acting_user=w.officer,
            young_person=child,
            category="bullying",
            raised_by="school",
            raised_at=timezone.now() - dt.timedelta(hours=3),
            risk_level=2,
            details="Older pupils wait at the bus stop.",
            childs_words=words,
        )
    make_session(w.officer, w.school)
    sgt = w.officer.officer.sergeant
    sick = make_officer(sergeant=sgt, first_name="Sam", last_name="Sickley")
    second = make_school(w.school.district, name="Beacon Academy")
    name_officer(second, sick)
    Absence.objects.create(officer=sick, start=today, end=today, reason="sickness")
    CoverAssignment.objects.create(
        establishment=second, officer=w.officer.officer, start=today, end=today, reason="leave"
    )
    other = make_school(name="Faraway School")
    name_officer(other, make_officer(last_name="Elsewhere"))
    return w, child, second, other
