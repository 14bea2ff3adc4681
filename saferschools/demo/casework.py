"""Demo casework: synthetic children with made-up names at demo schools, six months of
concerns, incidents, searches (one a strip search with an appropriate adult), interventions,
referrals and engagement up to today, so the pages, every home page and the oversight report
have something to show.

The schools are the demo officer's and their sergeant's team's first (so the demo sign-ins see
their own work), then others. Activity is spread over the last six months and the most recent
days: a few concerns still await the child's voice, a referral is overdue, requests wait for a
first reply (one past its target), and sessions are booked for the coming weeks. The wording
is synthetic but plausible (`demo.texts`), never about a real child.

Idempotent: does nothing if synthetic casework already exists. Notifications are not sent.
Every row is marked `is_synthetic`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.casework import services
from saferschools.casework.models import Intervention, YoungPerson
from saferschools.estate.models import Establishment
from saferschools.rostering.engine.school_calendar import (
    DayType,
    SchoolCalendar,
    standard_english_school_calendar,
)

from . import texts

CONCERN_CATEGORIES = [
    "bullying",
    "cce",
    "online",
    "drugs",
    "weapons",
    "missing",
    "assault",
    "money_muling",
    "gangs",
    "domestic_abuse",
]
FIRST = [
    "Aaliyah",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Hassan",
    "Isla",
    "Jayden",
    "Kiera",
    "Leo",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Reuben",
    "Sofia",
    "Tariq",
    "Uma",
    "Vinnie",
    "Willow",
    "Xander",
    "Yasmin",
    "Zak",
    "Amara",
    "Callum",
    "Demi",
    "Kofi",
]
LAST = [
    "Abbott",
    "Bramley",
    "Cole",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Hollis",
    "Iqbal",
    "Jessop",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Nwosu",
    "Okafor",
    "Pennock",
    "Quarry",
    "Rashid",
    "Stroud",
    "Tomlin",
    "Underhill",
    "Varga",
    "Whitlock",
    "Yeung",
]
# Roughly the mix of secondary pupils in south-east England (made up, not a statistic).
ETHNICITY = [
    ("white_british", 66),
    ("white_other", 7),
    ("white_irish", 1),
    ("white_gypsy_traveller", 1),
    ("white_roma", 1),
    ("asian_indian", 3),
    ("asian_pakistani", 2),
    ("asian_bangladeshi", 1),
    ("asian_chinese", 1),
    ("asian_other", 1),
    ("black_african", 4),
    ("black_caribbean", 1),
    ("black_other", 1),
    ("mixed_white_black_caribbean", 2),
    ("mixed_white_black_african", 1),
    ("mixed_white_asian", 2),
    ("mixed_other", 1),
    ("other_arab", 1),
    ("other_any", 1),
    ("not_stated", 2),
]


def _school_day(day: dt.date, calendar: SchoolCalendar, *, forward: bool) -> dt.date:
    """The nearest school day (term time, Monday to Friday, not a bank holiday) on or after
    `day` (or on or before it): schools are visited and sessions given when they are open."""
    step = dt.timedelta(days=1 if forward else -1)
    for _ in range(60):
        if calendar.day_type(day) is DayType.SCHOOL_DAY:
            return day
        day += step
    return day


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _schools(limit: int = 8) -> list[Establishment]:
    """The demo officer's schools, then their team's, then others by name (up to `limit`)."""
    qs = (
        Establishment.objects.secondary_phase()
        .filter(named_assignment__isnull=False)
        .select_related("named_assignment__officer__user")
    )
    pc = User.objects.filter(role=Role.SCHOOLS_OFFICER, is_synthetic=True).order_by("pk").first()
    officer = getattr(pc, "officer", None) if pc else None
    picked: list[Establishment] = []
    if officer is not None:
        picked += list(qs.filter(named_assignment__officer=officer).order_by("name"))
        if officer.sergeant_id:
            picked += list(
                qs.filter(named_assignment__officer__sergeant_id=officer.sergeant_id)
                .exclude(named_assignment__officer=officer)
                .order_by("name")[:4]
            )
    seen = {s.pk for s in picked}
    picked += [s for s in qs.order_by("name")[: limit * 2] if s.pk not in seen]
    return picked[:limit]


def _acting_user() -> Any:
    return User.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk").first()


def demo_casework_seed(*, seed: int = 7, children_per_school: int = 8) -> str:
    if YoungPerson.all_objects.filter(is_synthetic=True).exists():
        return "Demo casework already present."
    user = _acting_user()
    schools = _schools()
    if user is None or not schools:
        return "No inspector account or no schools with a named officer: demo casework skipped."
    rng = random.Random(seed)
    now = timezone.now()
    counts = {
        "children": 0,
        "concerns": 0,
        "incidents": 0,
        "searches": 0,
        "referrals": 0,
        "interventions": 0,
        "engagement": 0,
    }

    def when(days_max: int = 180) -> dt.datetime:
        return now - dt.timedelta(days=rng.randint(1, days_max), hours=rng.randint(1, 8))

    with transaction.atomic():
        strip_done = False
        for school in schools:
            for _ in range(children_per_school):
                year = rng.randint(7, 11)
                dob = dt.date(now.year - year - 5, rng.randint(1, 12), rng.randint(1, 28))
                yp = services.young_person_create(
                    acting_user=user,
                    school=school,
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    date_of_birth=dob,
                    year_group=year,
                    sex=rng.choice(["female", "male"]),
                    ethnicity=_pick(rng, ETHNICITY),
                    fsm="yes" if rng.random() < 0.27 else "no",
                    sen=_pick(
                        rng, [("none", 80), ("sen_support", 14), ("ehcp", 4), ("not_known", 2)]
                    ),
                    looked_after="looked_after" if rng.random() < 0.03 else "no",
                    lawful_basis="law_enforcement",
                    confirm_not_duplicate=True,
                    is_synthetic=True,
                )
                counts["children"] += 1
                for k in range(rng.choice([1, 1, 1, 2, 3])):
                    category = rng.choice(CONCERN_CATEGORIES)
                    # The school's first children have this week's concerns, some still
                    # without the child's voice; the rest spread over six months.
                    recent = counts["children"] % children_per_school < 2 and k == 0
                    raised = (
                        now - dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(1, 8))
                        if recent
                        else when()
                    )
                    heard = rng.random() < (0.5 if recent else 0.85)
                    concern = services.concern_create(
                        acting_user=user,
                        young_person=yp,
                        category=category,
                        raised_by=rng.choice(["school", "school", "parent", "child", "officer"]),
                        raised_at=raised,
                        risk_level=rng.choice([1, 1, 2, 2, 3]),
                        details=texts.concern_details(rng, category),
                        childs_words=rng.choice(texts.CHILDS_WORDS) if heard else "",
                        is_synthetic=True,
                        notify_people=False,
                    )
                    counts["concerns"] += 1
                    # Older concerns heard from the child were closed a few weeks later.
                    closed = raised + dt.timedelta(days=rng.randint(5, 40))
                    if heard and not recent and closed < now and rng.random() < 0.8:
                        services.record_update(
                            acting_user=user,
                            obj=concern,
                            version=concern.version,
                            changes={
                                "status": "closed",
                                "closed_at": closed,
                                "closing_summary": rng.choice(texts.CLOSING),
                            },
                        )
                if rng.random() < 0.35:
                    category = rng.choice(["assault", "weapons", "drugs", "bullying"])
                    services.incident_create(
                        acting_user=user,
                        young_person=yp,
                        occurred_at=when(),
                        reported_by="school",
                        category=category,
                        description=texts.incident_description(rng, category),
                        childs_words=rng.choice(texts.CHILDS_WORDS),
                        on_school_premises=rng.random() < 0.8,
                        outcome=_pick(
                            rng,
                            [
                                ("nfa", 3),
                                ("words_of_advice", 4),
                                ("restorative", 3),
                                ("community_resolution", 2),
                                ("arrest", 1),
                                ("charge", 1),
                            ],
                        ),
                        is_synthetic=True,
                        notify_people=False,
                    )
                    counts["incidents"] += 1
                if rng.random() < 0.25 or not strip_done:
                    at = when(150)
                    strip = not strip_done
                    services.search_record(
                        acting_user=user,
                        young_person=yp,
                        searched_at=at,
                        reason=rng.choice(["weapon", "drugs", "stolen", "tobacco"]),
                        grounds=texts.search_grounds(rng),
                        power="misuse_of_drugs"
                        if strip
                        else rng.choice(["education_act", "consent", "pace_s1"]),
                        location="school",
                        extent="more_than_outer"
                        if strip
                        else rng.choice(["possessions", "outer", "screening"]),
                        searched_by_name=rng.choice(["PC Hale", "PC Osei", "PC Marsh"]),
                        outcome=rng.choice(["nothing", "confiscated", "police"]),
                        appropriate_adult_name="Parent (invented)" if strip else "",
                        appropriate_adult_role="Mother" if strip else "",
                        authorising_officer_name="Insp Carver" if strip else "",
                        authorising_officer_rank="INSP" if strip else "",
                        parent_told_at=at + dt.timedelta(hours=rng.choice([1, 2, 5, 30]))
                        if rng.random() < 0.9 or strip
                        else None,
                        childs_words=rng.choice(texts.CHILDS_WORDS),
                        is_synthetic=True,
                        notify_people=False,
                    )
                    strip_done = True
                    counts["searches"] += 1
                if rng.random() < 0.3:
                    made = timezone.localdate(when(120))
                    service = _pick(
                        rng,
                        [
                            ("early_help", 4),
                            ("csc", 2),
                            ("exploitation", 2),
                            ("camhs", 3),
                            ("prevent", 1),
                            ("youth", 3),
                        ],
                    )
                    services.referral_create(
                        acting_user=user,
                        young_person=yp,
                        service=service,
                        reason=texts.referral_reason(service),
                        made_on=made,
                        due_date=made + dt.timedelta(days=rng.choice([7, 14, 28])),
                        consent=rng.choice(["child", "parent", "parent", "refused"]),
                        consent_override_reason="Risk of significant harm: the family was not asked first.",
                        status=rng.choice(["made", "accepted", "accepted", "signposted"]),
                        is_synthetic=True,
                    )
                    counts["referrals"] += 1
                if rng.random() < 0.25:
                    start = timezone.localdate(when(160))
                    services.intervention_create(
                        Intervention(
                            young_person=yp,
                            kind=rng.choice(
                                [
                                    "diversion",
                                    "mentoring",
                                    "early_intervention",
                                    "awareness",
                                    "intervention",
                                ]
                            ),
                            provider=rng.choice(texts.PROVIDERS),
                            start_date=start,
                            status=rng.choice(["active", "completed", "planned"]),
                            childs_words=rng.choice(texts.CHILDS_WORDS),
                            is_synthetic=True,
                        ),
                        acting_user=user,
                    )
                    counts["interventions"] += 1
        counts["engagement"] = _engagement(rng, user, schools, now)
    return ", ".join(f"{k}: {v}" for k, v in counts.items())


def _engagement(
    rng: random.Random, user: Any, schools: list[Establishment], now: dt.datetime
) -> int:
    from saferschools.engagement import services as eng
    from saferschools.engagement.models import SchoolContact, SchoolRequest, Session

    topics = ["knife_crime", "county_lines", "online_safety", "drugs", "relationships"]
    today = timezone.localdate(now)
    calendar = standard_english_school_calendar(
        today - dt.timedelta(days=400), today + dt.timedelta(days=120)
    )
    n = 0
    for i, school in enumerate(schools):
        # Contacts over six months, the latest within the last fortnight.
        for days in [rng.randint(1, 14)] + [rng.randint(15, 180) for _ in range(rng.randint(2, 5))]:
            eng.record_create(
                acting_user=user,
                obj=SchoolContact(
                    school=school,
                    contact_on=_school_day(
                        today - dt.timedelta(days=days), calendar, forward=False
                    ),
                    kind=rng.choice(["meeting", "visit", "phone", "email"]),
                    contact_with=rng.choice(["headteacher", "dsl", "senior_leader"]),
                    notes=texts.contact_notes(rng),
                    is_synthetic=True,
                ),
            )
            n += 1
        # Requests answered over the months; the first schools also have some waiting for a
        # first reply now (one received this morning, one past its 72-hour target).
        waiting = [dt.timedelta(hours=rng.randint(1, 5))] if i < 3 else []
        if i < 2:
            waiting.append(dt.timedelta(days=4, hours=rng.randint(0, 6)))
        ages = [dt.timedelta(days=rng.randint(2, 180)) for _ in range(rng.randint(2, 4))]
        asks = texts.school_requests(rng, len(ages), waiting=len(waiting), offset=i)
        for (age, answered), (topic, subject, message) in zip(
            [(a, True) for a in ages] + [(a, False) for a in waiting], asks, strict=True
        ):
            received = now - age
            req = eng.school_request_create(
                acting_user=user,
                school=school,
                topic=topic,
                priority="urgent" if topic == "safeguarding" else "normal",
                subject=subject,
                message=message,
                source=rng.choice(["school", "school", "officer"]),
                received_at=received,
                is_synthetic=True,
                notify_users=[],
            )
            if answered:
                # The history's replies, at the times they were sent (no service records a
                # reply in the past).
                SchoolRequest.all_objects.filter(pk=req.pk).update(
                    first_response_at=received + dt.timedelta(hours=rng.choice([3, 20, 50, 90])),
                    status=rng.choice(["responded", "closed"]),
                )
            n += 1
        # Sessions delivered over six months, and one or two booked in the next four weeks.
        booked = [-rng.randint(1, 27) for _ in range(rng.randint(1, 2))]
        for days in [rng.randint(1, 180) for _ in range(rng.randint(3, 8))] + booked:
            eng.record_create(
                acting_user=user,
                obj=Session(
                    school=school,
                    delivered_on=_school_day(
                        today - dt.timedelta(days=days), calendar, forward=days < 0
                    ),
                    kind=rng.choice(["pshe", "assembly", "awareness"]),
                    topic=rng.choice([*topics, "money_muling"]),
                    year_group=rng.randint(7, 11),
                    attendance=rng.randint(25, 240),
                    is_synthetic=True,
                ),
            )
            n += 1
    for i, school in enumerate(schools[:3]):
        eng.youth_activity_create(
            acting_user=user,
            kind=["holiday_club", "youth_club", "sport"][i],
            title=["Summer holiday club", "Friday youth club", "Football after school"][i],
            school=school,
            starts_on=timezone.localdate(now - dt.timedelta(days=120)),
            ends_on=timezone.localdate(now - dt.timedelta(days=100)),
            sessions=10,
            attendance=rng.randint(80, 300),
            partner=rng.choice(texts.PROVIDERS),
            is_synthetic=True,
        )
        n += 1
    return n
