"""Demo officers: synthetic people for a demo or real-estate area (never real officers).

Business rule: the model force has 1 inspector, 6 sergeants (two per policing area), 70
constables and 1 performance co-ordinator. Constables get their districts and schools from the
allocation plan; sergeants lead the constables of their policing area.
"""

from __future__ import annotations

import random

from django.db import transaction

from saferschools.estate.models import Division
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

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


def _work_email(first: str, last: str, collar: str) -> str:
    """A plausible work address on a reserved example domain (never a real force's)."""
    return f"{first}.{last}.{collar}@example.police.uk".lower()


def _drama_mobile(n: int) -> str:
    """Ofcom's numbers reserved for drama (07700 900000-900999): plausible, never anyone's."""
    return f"07700 900{n % 1000:03d}"


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
                "work_email": _work_email(first, last, collar),
                "work_phone": _drama_mobile(int("".join(c for c in collar if c.isdigit()))),
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


@transaction.atomic
def demo_contacts_seed() -> dict[str, int]:
    """Give synthetic officers work contact details and every sergeant's team a shared
    mailbox and phone, where they have none yet (idempotent; never touches real entries)."""
    from saferschools.workforce.models import Team

    officers = 0
    for o in Officer.objects.filter(is_synthetic=True, work_email=""):
        digits = int("".join(c for c in o.collar_number if c.isdigit()) or 0)
        o.work_email = _work_email(o.first_name, o.last_name, o.collar_number)
        o.work_phone = o.work_phone or _drama_mobile(digits)
        o.save(update_fields=["work_email", "work_phone"])
        officers += 1
    teams = 0
    for n, sgt in enumerate(
        Officer.objects.filter(rank=Rank.SERGEANT, is_active=True).order_by("collar_number")
    ):
        if hasattr(sgt, "led_team"):
            continue
        area = sgt.division.name if sgt.division_id else "Force"
        Team.objects.create(
            sergeant=sgt,
            name=f"{area} schools officers (PS {sgt.last_name})",
            email=f"schools.{area.replace(' ', '-').lower()}.team{n + 1}@example.police.uk",
            # Ofcom's drama range for landlines (01632 960000-960999)
            phone=f"01632 960{100 + n:03d}",
        )
        teams += 1
    return {"officers_given_contacts": officers, "teams_created": teams}
