"""Synthetic Operation Encompass data for the demonstration area (never real children).

The demo inspector leads the Encompass team; each local authority gets a made-up children's
services contact; a handful of recent incidents are notified to schools with a named officer,
some already read and acknowledged, so the queue, the figures and the home pages show something.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.encompass.choices import NotSpokenReason, Presence
from saferschools.encompass.models import Incident, LocalAuthorityContact, Notification, TeamMember
from saferschools.encompass.services import (
    ChildInput,
    incident_record,
    notification_acknowledge,
    school_leads,
)
from saferschools.estate.models import Establishment

FIRST = ["Maya", "Oliver", "Zara", "Leo", "Amelia", "Jayden", "Isla", "Kai", "Esme", "Rowan"]
LAST = ["Hartley", "Osei", "Brennan", "Kowalska", "Fairbairn", "Achebe", "Lindqvist", "Moreau"]
PLACES = ["A flat above a shop", "A terraced house", "A caravan park", "A first-floor maisonette"]
WHAT = [
    "Neighbour called about shouting and a crash; one adult arrested for assault.",
    "Mother called police after her partner broke a door; partner left before officers arrived.",
    "Verbal argument escalated to threats; both adults spoken to, safety plan discussed.",
]
WORDS = [
    "I stayed in my room with my headphones on.",
    "I was scared when the door banged.",
    "I want to stay at Nan's tonight.",
]


def demo_encompass_seed(*, seed: int = 11, incidents: int = 6) -> str:
    if Incident.all_objects.filter(is_synthetic=True).exists():
        return "Demo Encompass notifications already present."
    inspector = User.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk").first()
    officer = User.objects.filter(role=Role.SCHOOLS_OFFICER, is_active=True).order_by("pk").first()
    if inspector is None or officer is None:
        return "No inspector or officer account: demo Encompass skipped."
    TeamMember.objects.get_or_create(user=inspector, defaults={"is_lead": True})
    for code, name in (
        Establishment.objects.exclude(la_code="").values_list("la_code", "la_name").distinct()
    ):
        slug = "".join(ch for ch in name.lower() if ch.isalnum()) or code
        LocalAuthorityContact.objects.get_or_create(
            la_code=code,
            defaults={
                "la_name": name,
                "email": f"childrens.services@{slug}.example.gov.uk",
                "phone": "01632 960000",
            },
        )
    schools = list(
        Establishment.objects.filter(named_assignment__officer__user=officer).order_by("name")[:4]
        or Establishment.objects.filter(named_assignment__isnull=False).order_by("name")[:4]
    )
    if not schools:
        return "No school with a named officer: demo Encompass skipped."
    rng = random.Random(seed)
    made = 0
    now = timezone.localtime()
    for i in range(incidents):
        when = (now - dt.timedelta(days=1 + 3 * i)).replace(
            hour=rng.choice([19, 21, 23]), minute=10
        )
        school = schools[i % len(schools)]
        spoken = rng.random() < 0.7
        notes = incident_record(
            acting_user=officer,
            police_reference=f"DEMO-{when:%Y%m%d}-{i:03d}",
            occurred_at=when,
            location=rng.choice(PLACES),
            circumstances=rng.choice(WHAT),
            children=[
                ChildInput(
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    date_of_birth=dt.date(now.year - rng.randint(5, 16), rng.randint(1, 12), 15),
                    presence=rng.choice([Presence.PRESENT_SAW, Presence.PRESENT_ELSEWHERE]),
                    establishment=school,
                    where=rng.choice(["upstairs", "in the kitchen", "in the next room"]),
                    spoken_to=spoken,
                    childs_words=rng.choice(WORDS) if spoken else "",
                    not_spoken_reason="" if spoken else NotSpokenReason.ASLEEP,
                )
            ],
        )
        Incident.all_objects.filter(notifications__in=notes).update(is_synthetic=True)
        Notification.all_objects.filter(pk__in=[n.pk for n in notes]).update(is_synthetic=True)
        made += len(notes)
        if i >= 2:  # the older ones were read and acknowledged
            for n in notes:
                leads = school_leads(n.establishment) if n.establishment else []
                if leads:
                    notification_acknowledge(
                        acting_user=leads[0],
                        notification=n,
                        support_given="Met by a trusted adult at the gate; form tutor aware.",
                    )
    return (
        f"{made} notification(s) to {len(schools)} school(s); {inspector.username} leads the team."
    )
