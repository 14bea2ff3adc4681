"""Adopt a saved plan: real officers in the engine's places, sergeants' teams, named officers,
primary schools as a secondary duty, and a letter to each school whose officer changed."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferschools.core.fields import stamp_of
from saferschools.core.services import notify
from saferschools.estate import rules as estate_rules
from saferschools.estate.models import District, Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer
from saferschools.workforce.services import officers_place, school_assignments_replace

from .. import engine as E
from ..models import Plan, SecondaryDuty
from ..permissions import require_writer
from .actors import audit


@dataclass
class Adoption:
    plan: Plan
    schools_named: int = 0
    schools_changed: int = 0
    assignments_removed: int = 0
    constables_placed: int = 0
    constables_released: list[str] = field(default_factory=list)
    sergeants_placed: int = 0
    primaries_attached: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        return (
            f"Plan {self.plan.pk} adopted: {self.schools_named} schools named "
            f"({self.schools_changed} changed officer, {self.assignments_removed} assignments "
            f"removed), {self.constables_placed} constables and {self.sergeants_placed} "
            f"sergeants placed, {len(self.constables_released)} constables released, "
            f"{self.primaries_attached} primary schools attached as a secondary duty."
        )


def _map_officers(doc: dict[str, Any], constables: dict[str, Officer]) -> dict[str, Officer]:
    """Engine officer id -> constable. Ids that are collar numbers keep their officer; other
    places go to free constables, those already in the place's district first."""
    ids = [o["id"] for o in doc["officers"]]
    district_of = {o["id"]: o["district"] for o in doc["officers"]}
    mapping = {i: constables[i] for i in ids if i in constables}
    used = {o.pk for o in mapping.values()}
    free = [o for c, o in sorted(constables.items()) if o.pk not in used]
    unmapped = [i for i in ids if i not in mapping]
    if len(unmapped) > len(free):
        raise E.TooManyOfficersError(
            f"The plan places {len(ids)} constables but the workforce has only "
            f"{len(constables)} active constables. Add officers or make a plan with fewer."
        )
    for i in list(unmapped):  # first pass: a free constable already in that district
        same = next((o for o in free if o.district_id and o.district.code == district_of[i]), None)
        if same is not None:
            mapping[i] = same
            free.remove(same)
            unmapped.remove(i)
    free.sort(key=lambda o: (o.district_id is not None, o.collar_number))
    for i in unmapped:
        mapping[i] = free.pop(0)
    return mapping


def _place_sergeants(
    doc: dict[str, Any], divisions: dict[str, Any], warnings: list[str]
) -> dict[str, list[Officer]]:
    """Division name -> its sergeants, as many per division as the plan says; sergeants keep
    their division where the plan leaves room (written by `workforce.officers_place`)."""
    wanted = {s["division"]: s["sergeants"] for s in doc["sergeants"]}
    sergeants = list(
        Officer.objects.filter(rank=Rank.SERGEANT, is_active=True)
        .select_related("division")
        .order_by("collar_number")
    )
    placed: dict[str, list[Officer]] = {d: [] for d in wanted}
    spare: list[Officer] = []
    for s in sergeants:
        div = s.division.name if s.division_id else None
        if div in placed and len(placed[div]) < wanted[div]:
            placed[div].append(s)
        else:
            spare.append(s)
    for div in sorted(wanted, key=lambda d: (-wanted[d], d)):
        while len(placed[div]) < wanted[div] and spare:
            placed[div].append(spare.pop(0))
        if len(placed[div]) < wanted[div]:
            warnings.append(
                f"{div} should have {wanted[div]} sergeants but only {len(placed[div])} "
                "active sergeants were free to place there."
            )
    for s in spare:
        warnings.append(f"Sergeant {s.collar_number} has no division in this plan.")
    return placed


def _split_teams(constables: list[Officer], sergeants: list[Officer]) -> dict[int, Officer | None]:
    """Constable pk -> sergeant: even teams (at most ceil(n/k) each), keeping current ones."""
    if not sergeants:
        return {c.pk: None for c in constables}
    cap = math.ceil(len(constables) / len(sergeants))
    load: dict[int, int] = defaultdict(int)
    by_pk = {s.pk: s for s in sergeants}
    out: dict[int, Officer | None] = {}
    rest = []
    for c in sorted(constables, key=lambda o: o.collar_number):
        if c.sergeant_id in by_pk and load[c.sergeant_id] < cap:
            out[c.pk] = by_pk[c.sergeant_id]
            load[c.sergeant_id] += 1
        else:
            rest.append(c)
    for c in rest:
        s = min(sergeants, key=lambda x: (load[x.pk], x.collar_number))
        out[c.pk] = s
        load[s.pk] += 1
    return out


@transaction.atomic
def plan_adopt(
    *, plan: Plan, acting_user: Any, request: Any = None, today: dt.date | None = None
) -> Adoption:
    """Adopt a saved plan: real officers, sergeants' teams, named officers (see module doc)."""
    require_writer(acting_user, "adopt plans")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.ADOPTED:
        raise E.InvalidInputError("This plan is already the adopted plan.")
    today = today or timezone.localdate()
    doc = copy.deepcopy(plan.result)
    out = Adoption(plan=plan)
    urns = [s["urn"] for s in doc["schools"]]
    groups = E.PlanningRules.from_dict(doc.get("rules")).named_groups
    establishments = {
        str(e.urn): e
        for e in Establishment.objects.named_officer(groups).filter(
            urn__in=[int(u) for u in urns if u.isdigit()]
        )
    }
    gone = [s for s in doc["schools"] if s["urn"] not in establishments]
    if gone:
        sample = "; ".join(f"{s['name']} ({s['urn']})" for s in gone[:3])
        raise E.InvalidInputError(
            f"{len(gone)} school(s) in this plan are no longer open secondary-phase schools in "
            f"the register (e.g. {sample}). Make a new plan from today's schools."
        )
    districts = {d.code: d for d in District.objects.select_related("division")}
    missing = sorted({s["district"] for s in doc["schools"]} - set(districts))
    if missing:
        raise E.InvalidInputError(f"Districts in this plan are not held: {', '.join(missing)}.")
    constables = {
        o.collar_number: o
        for o in Officer.objects.filter(rank=Rank.CONSTABLE, is_active=True).select_related(
            "district"
        )
    }
    mapping = _map_officers(doc, constables)
    collar = {i: o.collar_number for i, o in mapping.items()}

    # Constables: a district (and its division) and a sergeant's team; sergeants: a division.
    district_of = {mapping[p["id"]].pk: districts[p["district"]] for p in doc["officers"]}
    divisions = {d.division.name: d.division for d in districts.values() if d.division_id}
    teams = _place_sergeants(doc, divisions, out.warnings)
    by_division: dict[str, list[Officer]] = defaultdict(list)
    for o in mapping.values():
        d = district_of[o.pk]
        by_division[d.division.name if d.division_id else ""].append(o)
    sergeant_of: dict[int, Officer | None] = {}
    for div, people in by_division.items():
        sergeant_of.update(_split_teams(people, teams.get(div, [])))
    released = [o for o in constables.values() if o.pk not in district_of]
    officers_place(
        constables=[(o, district_of[o.pk], sergeant_of.get(o.pk)) for o in mapping.values()],
        sergeants=[(s, divisions.get(div)) for div, people in teams.items() for s in people],
        release=released,
    )
    out.constables_released = sorted(o.collar_number for o in released)
    out.constables_placed = len(mapping)
    out.sergeants_placed = sum(len(v) for v in teams.values())

    # Named officers: one per school, by the workforce's own service.
    changes = school_assignments_replace(
        named={establishments[s["urn"]]: mapping[s["officer"]] for s in doc["schools"]},
        on=today,
        plan=plan,
    )
    out.assignments_removed = changes.removed
    out.schools_named = len(doc["schools"])
    out.schools_changed = len(changes.changed) + changes.created

    # Primary schools: a secondary duty of the nearest secondary school's officer.
    out.primaries_attached = _attach_primaries(plan, doc, establishments, mapping)

    # The document now speaks of real officers.
    for p in doc["officers"]:
        o = mapping[p["id"]]
        p["engine_id"] = p["id"]
        p["id"] = o.collar_number
        p["name"] = o.public_name
        p["sergeant"] = o.sergeant.collar_number if o.sergeant else None
    for s in doc["schools"]:
        s["officer"] = collar[s["officer"]]
    doc["officer_ids"] = collar
    doc["sergeant_officers"] = {d: [s.collar_number for s in v] for d, v in teams.items()}
    doc["adopted"] = True
    doc["adoption_warnings"] = out.warnings
    Plan.objects.filter(status=Plan.Status.ADOPTED).exclude(pk=plan.pk).update(
        status=Plan.Status.SUPERSEDED
    )
    plan.result = doc
    plan.status = Plan.Status.ADOPTED
    plan.adopted_at = timezone.now()
    plan.adopted_by = stamp_of(acting_user)
    plan.save(update_fields=["result", "status", "adopted_at", "adopted_by"])
    audit(
        acting_user,
        "adopt",
        plan,
        request=request,
        details={
            "schools_named": out.schools_named,
            "schools_changed": out.schools_changed,
            "released": out.constables_released,
        },
    )
    users = [
        o.user
        for o in Officer.objects.filter(pk__in=changes.officers_touched).select_related("user")
        if o.user_id
    ]
    _named_officer_letters(changes.changed, plan=plan, since=today, acting_user=acting_user)
    notify(
        recipients=users,
        subject="Your named schools have changed",
        body=f"The Schools Officers plan '{plan.name}' has been adopted and the schools you "
        "are named for have changed. See the Schools page for your schools.",
        link=reverse("estate:school_list"),
        topic="allocation",
    )
    return out


def _attach_primaries(
    plan: Plan,
    doc: dict[str, Any],
    secondaries: dict[str, Establishment],
    mapping: dict[str, Officer],
) -> int:
    codes = {s["district"] for s in doc["schools"]}
    # Primary schools, colleges and universities (unless the plan gives them a named officer).
    named = E.PlanningRules.from_dict(doc.get("rules")).named_groups
    duty_groups = sorted(estate_rules.SECONDARY_DUTY_GROUPS - named)
    primaries = list(
        Establishment.objects.open()
        .filter(school_group__in=duty_groups, district__code__in=codes)
        .exclude(easting__isnull=True)
        .exclude(northing__isnull=True)
        .select_related("district")
    )

    def school(e: Establishment) -> E.School:
        return E.School(str(e.urn), e.name, e.district.code, float(e.easting), float(e.northing))

    assignment = {s["urn"]: s["officer"] for s in doc["schools"]}
    attached = E.attach_primaries(
        [school(p) for p in primaries], [school(e) for e in secondaries.values()], assignment
    )
    by_urn = {str(p.urn): p for p in primaries}
    SecondaryDuty.objects.all().delete()
    SecondaryDuty.objects.bulk_create(
        SecondaryDuty(
            establishment=by_urn[urn],
            via=secondaries[via],
            officer=mapping[officer],
            plan=plan,
        )
        for urn, (via, officer) in attached.items()
    )
    doc["primaries"] = {urn: {"via": via} for urn, (via, _) in attached.items()}
    return len(attached)


def named_officer_letter(
    school: Establishment, old: Officer, new: Officer, *, since: dt.date, force_name: str
) -> str:
    """The letter to a headteacher whose school's named officer changes for good."""
    contact = new.public_contact
    return "\n".join(
        [
            f"To the Headteacher, {school.name} (URN {school.urn})",
            "",
            f"From {since:%-d %B %Y} your school's named Schools Officer is {new.public_name} "
            f"(collar number {new.collar_number}), taking over from {old.public_name}."
            + (f" You can reach them at {contact}." if contact else ""),
            "They will be in touch to arrange a first visit, and they take on any open matters "
            "with your school. Nothing changes in how you report concerns: in an emergency "
            "always call 999.",
            "",
            "Yours faithfully,",
            "Inspector, Schools Officers programme",
            force_name,
        ]
    )


def _named_officer_letters(
    changes: list[tuple[Establishment, Officer, Officer]],
    *,
    plan: Plan,
    since: dt.date,
    acting_user: Any,
) -> None:
    """Tell each school whose named officer changed, at the school's contact address."""
    if not changes:
        return
    from saferschools.core.messaging.services import letter_to_school_send

    first = District.objects.filter(division__isnull=False).select_related("division__force")
    d = first.first()
    force_name = d.division.force.name if d else "the police"
    for school, old, new in changes:
        letter_to_school_send(
            school=school,
            subject="Your school's named police officer has changed",
            letter=named_officer_letter(school, old, new, since=since, force_name=force_name),
            topic="allocation.named_officer_letter",
            sent_by=acting_user,
            about=plan,
        )
