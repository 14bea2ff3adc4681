"""Demo casework: synthetic children with made-up names at demo schools, six months of
concerns, incidents, searches (one a strip search with an appropriate adult), interventions,
referrals and engagement, so the pages and the oversight report have something to show.

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
from saferschools.casework.models import YoungPerson
from saferschools.estate.models import Establishment

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
WORDS = [
    "I don't want to get anyone in trouble.",
    "They said I owed them money.",
    "It only happens on the bus home.",
    "I feel safer now my mum knows.",
    "I didn't know it was a crime.",
    "They keep messaging me at night.",
    "I just want it to stop.",
    "He's my mate, he wouldn't hurt me.",
]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _schools() -> list[Establishment]:
    qs = (
        Establishment.objects.secondary_phase()
        .filter(named_assignment__isnull=False)
        .select_related("named_assignment__officer__user")
        .order_by("name")
    )
    return list(qs[:6])


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
        return now - dt.timedelta(days=rng.randint(1, days_max), hours=rng.randint(0, 8))

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
                for _ in range(rng.choice([1, 1, 1, 2, 3])):
                    services.concern_create(
                        acting_user=user,
                        young_person=yp,
                        category=rng.choice(
                            [
                                "bullying",
                                "cce",
                                "online",
                                "drugs",
                                "weapons",
                                "missing",
                                "assault",
                                "money_muling",
                            ]
                        ),
                        raised_by=rng.choice(["school", "school", "parent", "child", "officer"]),
                        raised_at=when(),
                        risk_level=rng.choice([1, 1, 2, 2, 3]),
                        details="Synthetic demo concern.",
                        childs_words=rng.choice(WORDS) if rng.random() < 0.8 else "",
                        is_synthetic=True,
                        notify_people=False,
                    )
                    counts["concerns"] += 1
                if rng.random() < 0.35:
                    services.incident_create(
                        acting_user=user,
                        young_person=yp,
                        occurred_at=when(),
                        reported_by="school",
                        category=rng.choice(["assault", "weapons", "drugs", "bullying"]),
                        description="Synthetic demo incident.",
                        childs_words=rng.choice(WORDS),
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
                        grounds="Synthetic demo grounds.",
                        power="misuse_of_drugs"
                        if strip
                        else rng.choice(["education_act", "consent", "pace_s1"]),
                        location="school",
                        extent="more_than_outer"
                        if strip
                        else rng.choice(["possessions", "outer", "screening"]),
                        searched_by_name="PC Demo",
                        outcome=rng.choice(["nothing", "confiscated", "police"]),
                        appropriate_adult_name="Synthetic parent" if strip else "",
                        appropriate_adult_role="Mother" if strip else "",
                        authorising_officer_name="Insp Demo" if strip else "",
                        authorising_officer_rank="INSP" if strip else "",
                        parent_told_at=at + dt.timedelta(hours=rng.choice([1, 2, 5, 30]))
                        if rng.random() < 0.9 or strip
                        else None,
                        childs_words=rng.choice(WORDS),
                        is_synthetic=True,
                    )
                    strip_done = True
                    counts["searches"] += 1
                if rng.random() < 0.3:
                    made = timezone.localdate(when(120))
                    services.referral_create(
                        acting_user=user,
                        young_person=yp,
                        service=_pick(
                            rng,
                            [
                                ("early_help", 4),
                                ("csc", 2),
                                ("exploitation", 2),
                                ("camhs", 3),
                                ("prevent", 1),
                                ("youth", 3),
                            ],
                        ),
                        reason="Synthetic demo referral.",
                        made_on=made,
                        due_date=made + dt.timedelta(days=rng.choice([7, 14, 28])),
                        consent=rng.choice(["child", "parent", "parent", "refused"]),
                        consent_override_reason="Risk of significant harm (synthetic).",
                        status=rng.choice(["made", "accepted", "accepted", "signposted"]),
                        is_synthetic=True,
                    )
                    counts["referrals"] += 1
                if rng.random() < 0.25:
                    start = timezone.localdate(when(160))
                    services.intervention_create(
                        acting_user=user,
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
                        provider="Synthetic youth trust",
                        start_date=start,
                        status=rng.choice(["active", "completed", "planned"]),
                        childs_words=rng.choice(WORDS),
                        is_synthetic=True,
                    )
                    counts["interventions"] += 1
        counts["engagement"] = _engagement(rng, user, schools, now)
    return ", ".join(f"{k}: {v}" for k, v in counts.items())


def _engagement(
    rng: random.Random, user: Any, schools: list[Establishment], now: dt.datetime
) -> int:
    from saferschools.engagement import services as eng

    n = 0
    for school in schools:
        for _ in range(rng.randint(3, 6)):
            eng.school_contact_create(
                acting_user=user,
                school=school,
                contact_on=timezone.localdate(now - dt.timedelta(days=rng.randint(1, 180))),
                kind=rng.choice(["meeting", "visit", "phone", "email"]),
                contact_with=rng.choice(["headteacher", "dsl", "senior_leader"]),
                notes="Synthetic demo contact.",
                is_synthetic=True,
            )
            n += 1
        for _ in range(rng.randint(2, 4)):
            received = now - dt.timedelta(days=rng.randint(2, 180))
            req = eng.school_request_create(
                acting_user=user,
                school=school,
                topic=rng.choice(["input", "advice", "safeguarding", "event"]),
                priority=rng.choice(["normal", "normal", "urgent"]),
                subject="Synthetic demo request",
                message="Synthetic demo request text.",
                source=rng.choice(["school", "school", "officer"]),
                received_at=received,
                is_synthetic=True,
            )
            from saferschools.engagement.models import SchoolRequest

            SchoolRequest.all_objects.filter(pk=req.pk).update(
                first_response_at=received + dt.timedelta(hours=rng.choice([3, 20, 50, 90])),
                status=rng.choice(["responded", "closed"]),
            )
            n += 1
        for _ in range(rng.randint(3, 8)):
            eng.session_create(
                acting_user=user,
                school=school,
                delivered_on=timezone.localdate(now - dt.timedelta(days=rng.randint(1, 180))),
                kind=rng.choice(["pshe", "assembly", "awareness"]),
                topic=rng.choice(
                    [
                        "knife_crime",
                        "county_lines",
                        "online_safety",
                        "drugs",
                        "relationships",
                        "money_muling",
                    ]
                ),
                year_group=rng.randint(7, 11),
                attendance=rng.randint(25, 240),
                is_synthetic=True,
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
            partner="Synthetic youth trust",
            is_synthetic=True,
        )
        n += 1
    return n
