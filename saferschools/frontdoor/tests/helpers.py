"""A small front-door world: a school with a named officer (private details the force does not
publish), their sergeant, a second officer who can cover, and a child's casework record."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from saferschools.accounts.choices import Role
from saferschools.testing.builders import (
    make_district,
    make_officer,
    make_school,
    make_user,
    name_officer,
)
from saferschools.workforce.choices import Rank

#: Things that must never appear on a public page.
PRIVATE = {
    "officer first name": "Zebedee",
    "officer collar number": "KX9871",
    "officer email": "zebedee.private@police.example",
    "officer username": "zebedee_pc",
    "cover first name": "Philomena",
    "cover collar number": "KX4432",
    "sergeant name": "Sgt Ravensworth",
    "child first name": "Clementine",
    "child last name": "Ashbury-Vole",
}
PUBLISHED_NAME = "PC Brightwater"
PUBLISHED_CONTACT = "schools.north@force.example (team mailbox)"
COVER_NAME = "PC Marchbank"


@dataclass
class FrontWorld:
    school: Any
    other_school: Any
    primary: Any
    officer: Any
    officer_user: Any
    cover: Any
    cover_user: Any
    sergeant: Any
    sergeant_user: Any
    child: Any = None


def build(*, with_child: bool = True) -> FrontWorld:
    district = make_district("Harbourside")
    school = make_school(district, name="Seaview Academy", town="Harbourtown")
    other = make_school(district, name="Hilltop High School", town="Upperford")
    primary = make_school(district, name="Seaview Infants", phase="Primary", school_group="primary")
    sergeant = make_officer(
        Rank.SERGEANT, first_name="Ravensworth", last_name="Sergeant", collar_number="KS1001"
    )
    sergeant_user = make_user(Role.SERGEANT, officer=sergeant)
    officer = make_officer(
        first_name=PRIVATE["officer first name"],
        last_name="Brightwater",
        collar_number=PRIVATE["officer collar number"],
        published_name=PUBLISHED_NAME,
        published_contact=PUBLISHED_CONTACT,
        sergeant=sergeant,
    )
    officer_user = make_user(
        Role.SCHOOLS_OFFICER,
        officer=officer,
        username=PRIVATE["officer username"],
        email=PRIVATE["officer email"],
    )
    name_officer(school, officer)
    cover = make_officer(
        first_name=PRIVATE["cover first name"],
        last_name="Marchbank",
        collar_number=PRIVATE["cover collar number"],
        sergeant=sergeant,
    )
    cover_user = make_user(Role.SCHOOLS_OFFICER, officer=cover)
    name_officer(other, cover)
    w = FrontWorld(
        school, other, primary, officer, officer_user, cover, cover_user, sergeant, sergeant_user
    )
    if with_child:
        from saferschools.casework.tests.helpers import make_child

        w.child = make_child(
            SimpleNamespace(school=school, officer=officer_user),
            PRIVATE["child first name"],
            PRIVATE["child last name"],
        )
    return w


def start_cover(w: FrontWorld, **kw: Any) -> Any:
    import datetime as dt

    from django.utils import timezone

    from saferschools.workforce.models import CoverAssignment

    today = timezone.localdate()
    return CoverAssignment.objects.create(
        establishment=w.school,
        officer=w.cover,
        start=kw.get("start", today - dt.timedelta(days=1)),
        end=kw.get("end", today + dt.timedelta(days=13)),
        reason=kw.get("reason", "leave"),
    )
