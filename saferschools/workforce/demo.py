"""Demo officers: synthetic people for a demo or real-estate area (never real officers).

Business rule: the model force has 1 inspector, 6 sergeants (two per policing area), 70
constables and 1 performance co-ordinator. Constables get their districts and schools from the
allocation plan; sergeants lead the constables of their policing area.
"""

from __future__ import annotations

import random

from django.db import transaction

from saferschools.estate.models import Division

from .choices import Rank
from .models import Officer

FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mohammed",
    "Nia",
    "Oliver",
    "Priya",
    "Quinn",
    "Ruby",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Willow",
    "Yusuf",
    "Zara",
    "Aidan",
    "Bethany",
    "Callum",
    "Divya",
    "Ewan",
]
LAST = [
    "Adeyemi",
    "Baker",
    "Campbell",
    "Dhillon",
    "Evans",
    "Fletcher",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Mensah",
    "Nowak",
    "Okafor",
    "Patel",
    "Quigley",
    "Reid",
    "Shah",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walsh",
    "Xu",
    "Young",
    "Zielinski",
    "Ahmed",
    "Brown",
    "Clarke",
    "Doyle",
    "Ellis",
    "Foster",
    "Green",
    "Hall",
    "Khan",
]

TEAM_MAILBOX = "schools.officers@example.police.uk"


@transaction.atomic
def demo_officers_seed(
    *, constables: int = 70, sergeants: int = 6, seed: int = 7
) -> dict[str, int]:
    """Create the programme's synthetic officers once (idempotent by collar number)."""
    rng = random.Random(seed)
    divisions = list(Division.objects.order_by("name"))
    created = 0

    def make(collar: str, rank: str, division: Division | None, hours: float = 40) -> Officer:
        nonlocal created
        first, last = rng.choice(FIRST), rng.choice(LAST)
        officer, was_created = Officer.objects.get_or_create(
            collar_number=collar,
            defaults={
                "rank": rank,
                "first_name": first,
                "last_name": last,
                "division": division,
                "hours_per_week": hours,
                "published_name": f"{rank} {last}",
                "published_contact": TEAM_MAILBOX,
                "is_synthetic": True,
            },
        )
        created += was_created
        return officer

    make("I100", Rank.INSPECTOR, None)
    make("S900", Rank.STAFF, None, 37)
    for i in range(sergeants):
        make(f"S{101 + i}", Rank.SERGEANT, divisions[i % len(divisions)] if divisions else None)
    for i in range(constables):
        # About one in ten works part-time (a real pattern the roster must respect).
        make(f"P{1001 + i}", Rank.CONSTABLE, None, 24 if i % 10 == 9 else 40)
    return {"officers_created": created, "constables": constables, "sergeants": sergeants}
