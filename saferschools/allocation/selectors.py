"""Reads for allocation: the engine's Instance built from the estate tables, saved plans and
scenarios, and the current named officers.

Plans and scenarios are not school-scoped records: the inspector, the sergeants and the
performance co-ordinator see all of them (`permissions.PLAN_READERS`); nobody else sees any.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from saferschools.accounts.scope import VisibleRecord, visible_record
from saferschools.estate.models import (
    District,
    Establishment,
    Lsoa,
    LsoaDeprivation,
    RecordedCrime,
)
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import CoverAssignment, SchoolAssignment

from . import engine as E
from .models import CrimeSeverity, Plan, Scenario, SecondaryDuty
from .permissions import can_read_plans

#: Months of police-recorded crime used for the crime factor (the latest ones held).
CRIME_MONTHS = 12


# --------------------------------------------------------------------------- the instance


def force_districts(force: Any = None) -> QuerySet[District]:
    """The force's planning areas: districts that belong to a division (of `force`, if given)."""
    qs = District.objects.filter(division__isnull=False).select_related("division")
    return qs.filter(division__force=force) if force is not None else qs


def severity_table() -> dict[str, float]:
    """Harm weight per police.uk crime type (types not listed weigh 1)."""
    return dict(CrimeSeverity.objects.values_list("crime_type", "weight"))


def recorded_crime_by_district(codes: list[str]) -> tuple[dict[str, dict[str, float]], str]:
    """Counts per district and crime type over the latest CRIME_MONTHS months held, and a note
    on the period. Empty when no recorded crime is held at all."""
    months = list(
        RecordedCrime.objects.order_by("-month").values_list("month", flat=True).distinct()
    )[:CRIME_MONTHS]
    if not months:
        return {}, ""
    lsoa_district = dict(
        Lsoa.objects.filter(district_code__in=codes).values_list("code", "district_code")
    )
    for code, district in LsoaDeprivation.objects.filter(district_code__in=codes).values_list(
        "lsoa_code", "district_code"
    ):
        lsoa_district.setdefault(code, district)
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    rows = (
        RecordedCrime.objects.filter(month__in=months)
        .values("lsoa_code", "crime_type")
        .annotate(n=Sum("count"))
    )
    for r in rows:
        district = lsoa_district.get(r["lsoa_code"])
        if district is not None:
            out[district][r["crime_type"]] += r["n"]
    period = f"{min(months):%B %Y} to {max(months):%B %Y}"
    return {k: dict(v) for k, v in out.items()}, period


def instance_from_db(
    *, constables: int, sergeants: int, force: Any = None, groups: Any = None
) -> tuple[E.Instance, list[str]]:
    """The engine Instance for the force: its districts (with a division), their open
    establishments that get a named officer (`groups`, default the programme's: see
    `estate.rules`), IoD2019 LSOAs and, when held, recorded crime.

    Returns the instance and notes (schools left out for lack of coordinates, crime period).
    """
    districts = list(force_districts(force).order_by("division__name", "name"))
    codes = [d.code for d in districts]
    crime, period = recorded_crime_by_district(codes)
    notes: list[str] = []
    if crime:
        notes.append(f"Recorded crime: police.uk counts, {period}.")
    e_districts = tuple(
        E.District(
            code=d.code,
            name=d.name,
            division=d.division.name,
            recorded_crime=(crime.get(d.code) if crime else None),
        )
        for d in districts
    )
    schools: list[E.School] = []
    qs = (
        Establishment.objects.named_officer(groups)
        .filter(district__code__in=codes)
        .select_related("district")
        .order_by("urn")
    )
    rows = list(qs)
    # The register gives some schools no grid reference, or 0,0: such a school is placed at
    # the centre of its district's other schools (it still gets a named officer) and noted.
    located = [e for e in rows if e.easting and e.northing]
    centre: dict[str, tuple[float, float]] = {}
    for code in codes:
        mine = [e for e in located if e.district.code == code]
        if mine:
            centre[code] = (
                sum(e.easting for e in mine) / len(mine),
                sum(e.northing for e in mine) / len(mine),
            )
    for e in rows:
        easting, northing = e.easting, e.northing
        if not easting or not northing:
            if e.district.code not in centre:
                notes.append(f"{e.name} ({e.urn}) left out: no grid reference in the register.")
                continue
            easting, northing = centre[e.district.code]
            notes.append(
                f"{e.name} ({e.urn}) has no usable grid reference in the register; it is "
                f"placed at the centre of {e.district.name}'s other schools."
            )
        schools.append(
            E.School(
                urn=str(e.urn),
                name=e.name,
                district=e.district.code,
                easting=float(easting),
                northing=float(northing),
                pupils=e.number_of_pupils,
                fsm_percent=float(e.percentage_fsm) if e.percentage_fsm is not None else None,
                lsoa=e.lsoa11_code or e.lsoa_code or None,
            )
        )
    # Schools run by the force's local authorities but sited elsewhere (not other forces' own).
    outside = (
        Establishment.objects.named_officer(groups)
        .filter(la_name__in={e.la_name for e in rows if e.la_name})
        .exclude(district__code__in=codes)
        .select_related("district")
        .order_by("urn")
    )
    for e in outside:
        where = e.district.name if e.district else "no district"
        notes.append(
            f"{e.name} ({e.urn}) left out: it is in {where}, outside the force's districts"
            + (f" (its local authority is {e.la_name})" if e.la_name else "")
            + "."
        )
    lsoas = tuple(
        E.Lsoa(code, district, imd, crime_rank)
        for code, district, imd, crime_rank in LsoaDeprivation.objects.filter(
            district_code__in=codes, crime_rank__isnull=False
        )
        .order_by("lsoa_code")
        .values_list("lsoa_code", "district_code", "imd_rank", "crime_rank")
    )
    return E.Instance(e_districts, tuple(schools), constables, sergeants, lsoas), notes


def instance_to_inputs(instance: E.Instance) -> dict[str, Any]:
    """The instance as JSON (saved with the plan so it can be explained again)."""
    return asdict(instance)


def instance_from_inputs(data: dict[str, Any]) -> E.Instance:
    return E.Instance(
        districts=tuple(E.District(**d) for d in data["districts"]),
        schools=tuple(E.School(**s) for s in data["schools"]),
        constables=data["constables"],
        sergeants=data["sergeants"],
        lsoas=tuple(E.Lsoa(**x) for x in data["lsoas"]),
    )


# --------------------------------------------------------------------------- plans


def plan_list(*, user: Any) -> QuerySet[Plan]:
    if not can_read_plans(user):
        return Plan.objects.none()
    return Plan.objects.select_related("created_by", "adopted_by")


plan_get: VisibleRecord[Plan] = visible_record(plan_list)


def adopted_plan() -> Plan | None:
    return Plan.objects.filter(status=Plan.Status.ADOPTED).first()


def current_assignment() -> dict[str, str]:
    """URN -> collar number of every school's named constable (the `previous` of a re-plan)."""
    return {
        str(urn): collar
        for urn, collar in SchoolAssignment.objects.filter(officer__rank=Rank.CONSTABLE)
        .values_list("establishment__urn", "officer__collar_number")
        .iterator()
    }


def scenario_list(*, user: Any, plan: Plan | None = None) -> QuerySet[Scenario]:
    if not can_read_plans(user):
        return Scenario.objects.none()
    qs = Scenario.objects.select_related("plan", "created_by", "committed_by")
    return qs.filter(plan=plan) if plan is not None else qs


scenario_get: VisibleRecord[Scenario] = visible_record(scenario_list)


# --------------------------------------------------------------------------- school page


def school_officers(establishment: Establishment, on: dt.date | None = None) -> dict[str, Any]:
    """The named officer, today's cover officer(s) and, for a primary school, the officer it is
    attached to as a secondary duty (for the school page)."""
    day = on or timezone.localdate()
    named = (
        SchoolAssignment.objects.filter(establishment=establishment)
        .select_related("officer")
        .first()
    )
    cover = list(
        CoverAssignment.objects.active_on(day)
        .filter(establishment=establishment)
        .select_related("officer")
        .order_by("start")
    )
    duty = (
        SecondaryDuty.objects.filter(establishment=establishment)
        .select_related("officer", "via")
        .first()
    )
    return {"named": named, "cover": cover, "duty": duty, "today": day}


# --------------------------------------------------------------------------- letters


@dataclass
class Letter:
    school: Establishment
    urn: str
    old_officer: Any
    new_officer: Any
    text: str


def scenario_letters(scenario: Scenario, *, force_name: str | None = None) -> list[Letter]:
    """A letter to the headteacher of each school losing its named officer in the scenario,
    naming the new contact (published name and contact route) and the dates."""
    from saferschools.workforce.models import Officer

    doc = scenario.result
    ids = {a["new_officer"] for a in doc.get("affected", [])} | {
        a["old_officer"] for a in doc.get("affected", [])
    }
    officers = {o.collar_number: o for o in Officer.objects.filter(collar_number__in=ids)}
    schools = {
        str(e.urn): e
        for e in Establishment.objects.filter(
            urn__in=[int(a["urn"]) for a in doc.get("affected", []) if a["urn"].isdigit()]
        )
    }
    if force_name is None:
        district = District.objects.filter(division__isnull=False).select_related("division__force")
        first = district.first()
        force_name = first.division.force.name if first else "the police"
    out = []
    start = dt.date.fromisoformat(doc["start"])
    end = dt.date.fromisoformat(doc["end"])
    for a in doc.get("affected", []):
        school = schools.get(a["urn"])
        if school is None:
            continue
        new = officers.get(a["new_officer"])
        old = officers.get(a["old_officer"])
        affected = E.AffectedSchool(
            a["urn"],
            a["name"],
            a["district"],
            old.public_name if old else a["old_officer"],
            a["new_officer"],
            start,
            end,
        )
        text = E.headteacher_letter(
            affected,
            force_name=force_name,
            new_contact_name=new.public_name if new else None,
            new_contact_details=new.public_contact if new else "",
        )
        out.append(Letter(school, a["urn"], old, new, text))
    return out


def recorded_crime_types() -> list[str]:
    """The police.uk crime types held (for the severity table page)."""
    return sorted(RecordedCrime.objects.values_list("crime_type", flat=True).distinct())
