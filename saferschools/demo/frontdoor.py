"""Demo front door: the resource library (one approved resource per topic) and synthetic
answers to the young people's survey at the demo schools over the last three terms, so the
staff pages have something to show. Idempotent; every survey row is marked `is_synthetic`."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.frontdoor.choices import (
    WORRIES,
    ResourceTopic,
    SafeAnswer,
    TalkAnswer,
    VersionStatus,
    YesNo,
)
from saferschools.frontdoor.models import Resource, ResourceVersion, SurveyResponse
from saferschools.frontdoor.selectors import public_schools

RESOURCES = {
    ResourceTopic.COUNTY_LINES: (
        "County lines: spotting grooming",
        "How gangs use young people to move drugs, the signs, and where to get help.",
    ),
    ResourceTopic.KNIFE_CRIME: (
        "Knife crime: the facts",
        "Why carrying a knife makes you less safe; the law; what to do if a friend carries.",
    ),
    ResourceTopic.ONLINE_SAFETY: (
        "Staying safe online",
        "Sharing images, sextortion, and reporting to CEOP and the platforms.",
    ),
    ResourceTopic.EXPLOITATION: (
        "Exploitation: criminal and sexual",
        "Recognising exploitation, consent, and trusted adults to tell.",
    ),
    ResourceTopic.BULLYING: (
        "Bullying and hate",
        "Bullying in school and online, when it becomes a crime, and how to get support.",
    ),
    ResourceTopic.MONEY_MULING: (
        "Money muling",
        "Why 'easy money' for using your bank account is a crime, and how to say no.",
    ),
}


def demo_frontdoor_seed(*, seed: int = 1, schools: int = 30) -> str:
    if Resource.objects.exists() and SurveyResponse.objects.filter(is_synthetic=True).exists():
        return "already seeded"
    rng = random.Random(seed)
    inspector = User.objects.filter(role=Role.INSPECTOR, is_active=True).order_by("pk").first()
    now = timezone.now()
    made_resources = made_answers = 0
    with transaction.atomic():
        if not Resource.objects.exists():
            for topic, (title, summary) in RESOURCES.items():
                r = Resource.objects.create(title=title, topic=topic, summary=summary)
                ResourceVersion.objects.create(
                    resource=r,
                    number=1,
                    age_min=11,
                    age_max=16,
                    content=summary + "\n\nKey messages and a 50-minute lesson plan.",
                    change_note="First version",
                    status=VersionStatus.APPROVED,
                    approved_at=now,
                    approved_by=inspector,
                )
                made_resources += 1
        if not SurveyResponse.objects.filter(is_synthetic=True).exists():
            today = timezone.localdate()
            rows = []
            for school in public_schools().order_by("urn")[:schools]:
                safe_bias = rng.uniform(0.55, 0.9)
                for _ in range(rng.randint(15, 80)):
                    day = today - dt.timedelta(days=rng.randint(0, 270))
                    safe = (
                        SafeAnswer.YES
                        if rng.random() < safe_bias
                        else rng.choice([SafeAnswer.MOSTLY, SafeAnswer.NO, SafeAnswer.NOT_SURE])
                    )
                    worries = {w for w in WORRIES if w != "worry_none" and rng.random() < 0.15}
                    rows.append(
                        SurveyResponse(
                            school=school,
                            answered_on=day,
                            safe_in_school=safe,
                            safe_around_school=rng.choice(list(SafeAnswer)),
                            know_officer=rng.choice(list(YesNo)),
                            would_talk=rng.choice(list(TalkAnswer)),
                            worry_none=not worries,
                            is_synthetic=True,
                            **dict.fromkeys(worries, True),
                        )
                    )
            SurveyResponse.objects.bulk_create(rows, batch_size=2000)
            made_answers = len(rows)
    return f"{made_resources} resources, {made_answers} synthetic survey answers"
