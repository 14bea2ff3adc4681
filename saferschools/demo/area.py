"""A synthetic demonstration area, for machines without the real public extracts.

Seeded and repeatable: the same seed gives the same area. Sizes and distributions follow a
county force like Kent & Medway (three policing areas, a dozen districts, ~130 secondary-phase
establishments with realistic pupil numbers, free school meals and deprivation spread), and
every name says it is synthetic. No real school, officer or child is represented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from saferschools.estate.importers import SyntheticArea, bng_to_latlon, import_synthetic_area
from saferschools.estate.models import Establishment
from saferschools.estate.services import CONTACT_FIELDS

DEMO_FORCE = "Demo Constabulary (synthetic)"
DISTRICT_NAMES = [
    ("North", ["Ashbourne Vale", "Riverford", "Kingsmere", "Northcliff"]),
    ("East", ["Eastwold", "Saltmarsh", "Harbourne", "Chalkdown", "Seacombe"]),
    ("West", ["Westerham Weald", "Oakhurst", "Millbridge", "Highfold"]),
]
AGE_GROUPS = [
    "Aged 15 years and under",
    "Aged 16 to 24 years",
    "Aged 25 to 34 years",
    "Aged 35 to 49 years",
    "Aged 50 to 64 years",
    "Aged 65 years and over",
]
SCHOOL_WORDS = ["Academy", "High School", "Grammar School", "School", "College"]
PLACE_WORDS = [
    "St Anne's",
    "Hillside",
    "Meadow",
    "Castle",
    "Abbey",
    "Brook",
    "Valley",
    "Oak",
    "Cliff",
    "Harbour",
    "Downs",
    "Priory",
    "Forest",
    "Bridge",
    "Marsh",
]


@dataclass
class DemoSummary:
    districts: int
    schools: int
    secondary_phase: int
    lsoas: int

    def as_text(self) -> str:
        return (
            f"Demo area (synthetic): {self.districts} districts, {self.schools} establishments "
            f"({self.secondary_phase} secondary-phase), {self.lsoas} neighbourhoods"
        )


def demo_area_load(*, seed: int = 1) -> DemoSummary:
    """Build the area for ``seed`` and load it through the estate's importer."""
    rng = random.Random(seed)
    area = SyntheticArea(DEMO_FORCE)
    schools = area.schools
    urn = 990000
    n_secondary = n_schools = n_lsoa = n_districts = 0
    district_no = 0
    for division_name, names in DISTRICT_NAMES:
        for name in names:
            district_no += 1
            n_districts += 1
            code = f"X{district_no:08d}"
            area.districts.append((division_name, code, name))
            # District centre on a grid across a county-sized box (British National Grid).
            cx = 520000 + (district_no % 5) * 22000 + rng.randint(-4000, 4000)
            cy = 130000 + (district_no // 5) * 22000 + rng.randint(-4000, 4000)
            poverty = rng.betavariate(2, 3)  # this district's deprivation tendency
            lsoas = []
            for i in range(rng.randint(55, 120)):
                lcode = f"X{district_no:02d}{i:06d}"[:9]
                ex = cx + rng.gauss(0, 5000)
                ny = cy + rng.gauss(0, 5000)
                lat, lon = bng_to_latlon(ex, ny)
                decile = max(1, min(10, int(round(10 - poverty * 9 + rng.gauss(0, 2)))))
                rank = max(1, min(32844, int((decile - 1) * 3284 + rng.randint(1, 3284))))
                crime_decile = max(1, min(10, decile + rng.randint(-2, 2)))
                lsoa_name = f"{name} {i:03d}A"
                place = {"district_code": code, "district_name": name}
                area.lsoas.append(
                    {
                        "code": lcode,
                        "name": lsoa_name,
                        "vintage": 2011,
                        **place,
                        "latitude": lat,
                        "longitude": lon,
                    }
                )
                area.deprivation.append(
                    {
                        "lsoa_code": lcode,
                        "lsoa_name": lsoa_name,
                        **place,
                        "imd_rank": rank,
                        "imd_decile": decile,
                        "income_rank": rank,
                        "income_decile": decile,
                        "crime_rank": max(1, (crime_decile - 1) * 3284 + rng.randint(1, 3284)),
                        "crime_decile": crime_decile,
                    }
                )
                area.population += [
                    {
                        "lsoa_code": lcode,
                        "age_group": ag,
                        "lsoa_name": lsoa_name,
                        "usual_residents": rng.randint(150, 450),
                    }
                    for ag in AGE_GROUPS
                ]
                lsoas.append((lcode, ex, ny, decile))
                n_lsoa += 1
            n_sec = rng.randint(7, 15)
            kinds = (
                ["secondary"] * n_sec
                + ["special"] * rng.randint(1, 3)
                + ["ap"] * rng.randint(0, 1)
                + ["primary"] * (n_sec * 4)
            )
            for kind in kinds:
                urn += 1
                lcode, ex, ny, decile = rng.choice(lsoas)
                ex, ny = int(ex + rng.gauss(0, 600)), int(ny + rng.gauss(0, 600))
                lat, lon = bng_to_latlon(ex, ny)
                base_fsm = 6 + (10 - decile) * 3.2
                if kind == "secondary":
                    pupils = int(max(350, rng.gauss(1100, 320)))
                    phase, type_name = (
                        "Secondary",
                        rng.choice(
                            ["Academy converter", "Academy sponsor led", "Foundation school"]
                        ),
                    )
                    label = f"{rng.choice(PLACE_WORDS)} {rng.choice(SCHOOL_WORDS[:3])}"
                elif kind == "special":
                    pupils = rng.randint(60, 250)
                    phase, type_name = "Not applicable", "Foundation special school"
                    label = f"{rng.choice(PLACE_WORDS)} Special School"
                    base_fsm += 12
                elif kind == "ap":
                    pupils = rng.randint(20, 90)
                    phase, type_name = "Not applicable", "Pupil referral unit"
                    label = f"{name} Pupil Referral Unit"
                    base_fsm += 25
                else:
                    pupils = int(max(60, rng.gauss(330, 120)))
                    phase, type_name = "Primary", "Community school"
                    label = f"{rng.choice(PLACE_WORDS)} Primary School"
                fsm = round(min(85.0, max(1.0, rng.gauss(base_fsm, 4))), 1)
                group = {"secondary": "secondary", "special": "special", "ap": "ap"}.get(
                    kind, "primary"
                )
                schools[urn] = {
                    "name": f"{label} ({name}, synthetic)",
                    "la_code": "999",
                    "la_name": "Demo County (synthetic)",
                    "type_name": type_name,
                    "type_group": "Demo (synthetic)",
                    "phase": phase,
                    "school_group": group,
                    "status": "Open",
                    "number_of_pupils": pupils,
                    "percentage_fsm": fsm,
                    "town": name,
                    "easting": ex,
                    "northing": ny,
                    "latitude": lat,
                    "longitude": lon,
                    "lsoa_code": lcode,
                    "district_code": code,
                    "is_synthetic": True,
                }
                n_schools += 1
                n_secondary += kind != "primary"
    import_synthetic_area(area)
    return DemoSummary(n_districts, n_schools, n_secondary, n_lsoa)


_HEAD_FIRST = [
    "Sarah",
    "David",
    "Priya",
    "James",
    "Helen",
    "Michael",
    "Aisha",
    "Richard",
    "Claire",
    "Tom",
    "Nadia",
    "Paul",
    "Rachel",
    "Simon",
    "Grace",
    "Daniel",
]
_HEAD_LAST = [
    "Whitfield",
    "Okafor",
    "Marsh",
    "Bennett",
    "Harding",
    "Lowe",
    "Chandra",
    "Pearce",
    "Fletcher",
    "Morgan",
    "Quinn",
    "Sutton",
    "Reeves",
    "Ahmed",
    "Dunn",
    "Webb",
]


def _slug(name: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return "-".join(words)[:40].strip("-") or "school"


@transaction.atomic
def demo_school_contacts_seed(*, seed: int = 19) -> int:
    """Plausible, invented contact details for every open school that has none (the DfE
    register publishes no e-mail addresses; a force records the real ones). Addresses are on
    the reserved example.sch.uk domain and phones in Ofcom's drama range, so nothing invented
    here can reach a real school. Returns how many schools were given details."""
    from django.utils import timezone

    rng = random.Random(seed)
    done = 0
    now = timezone.now()
    schools = Establishment.objects.open().filter(contact_email="").order_by("urn")
    batch = []
    for est in schools.iterator(chunk_size=2000):
        slug = _slug(est.name)
        head = f"{rng.choice(_HEAD_FIRST)} {rng.choice(_HEAD_LAST)}"
        dsl = f"{rng.choice(_HEAD_FIRST)} {rng.choice(_HEAD_LAST)}"
        est.headteacher_name = head
        est.contact_email = f"office@{slug}.example.sch.uk"
        est.contact_phone = f"01632 960{est.urn % 1000:03d}"
        est.contact_address = "\n".join(x for x in (est.name, est.town, est.postcode) if x)
        est.dsl_name = dsl
        est.dsl_email = f"safeguarding@{slug}.example.sch.uk"
        est.dsl_phone = f"01632 960{(est.urn + 500) % 1000:03d}"
        est.contact_source = "demo"
        est.contact_updated_at = now
        batch.append(est)
        done += 1
    Establishment.objects.bulk_update(
        batch,
        [*CONTACT_FIELDS, "contact_source", "contact_updated_at"],
        batch_size=1000,
    )
    return done
