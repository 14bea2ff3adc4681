"""Builders for casework tests: a school with its safeguarding lead, named officer, sergeant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_officer, make_school, make_user, name_officer
from saferschools.workforce.choices import Rank

from .. import services
from ..models import Intervention


@dataclass
class World:
    school: Any
    dsl: Any
    officer: Any
    sergeant: Any
    inspector: Any


def make_world(**school_kw: Any) -> World:
    school = make_school(**school_kw)
    sgt_officer = make_officer(rank=Rank.SERGEANT)
    sergeant = make_user(Role.SERGEANT, officer=sgt_officer)
    pc = make_officer(sergeant=sgt_officer)
    officer = make_user(Role.SCHOOLS_OFFICER, officer=pc)
    name_officer(school, pc)
    dsl = make_user(Role.DSL, school=school)
    inspector = make_user(Role.INSPECTOR, officer=make_officer(rank=Rank.INSPECTOR))
    return World(school, dsl, officer, sergeant, inspector)


#: A child's details as recorded (what `make_child` records, and what API tests send).
CHILD = {
    "first_name": "Amira",
    "last_name": "Khan",
    "date_of_birth": dt.date(2011, 3, 14),
    "year_group": 9,
    "sex": "female",
    "ethnicity": "asian_pakistani",
    "fsm": "yes",
    "sen": "sen_support",
    "looked_after": "no",
    "lawful_basis": "law_enforcement",
}


#: The details of a concern that a test does not look at: bullying the school raised, lowest risk.
BULLYING = {"category": "bullying", "raised_by": "school", "risk_level": 1}
#: The details of an incident that a test does not look at: an assault the school reported.
ASSAULT = {"category": "assault", "reported_by": "school"}
#: The details of a search that a test does not look at: for drugs, of a pupil's possessions at
#: school under the Education Act, nothing found.
SEARCH = {
    "reason": "drugs",
    "grounds": "Test grounds.",
    "power": "education_act",
    "location": "school",
    "extent": "possessions",
    "searched_by_name": "PC Test",
    "outcome": "nothing",
}


def make_child(world: World, first: str = "Amira", last: str = "Khan", **kw: Any) -> Any:
    data = {
        **CHILD,
        "school": world.school,
        "first_name": first,
        "last_name": last,
        "confirm_not_duplicate": True,
    }
    data.update(kw)
    return services.young_person_create(acting_user=world.officer, **data)


def make_concern(world: World, young_person: Any = None, **kw: Any) -> Any:
    """A concern about `young_person` (default: a new child at the world's school), recorded by
    the world's officer; nobody is told unless `notify_people=True`."""
    data = {
        "category": "other",
        "raised_by": "school",
        "raised_at": ago(days=1),
        "risk_level": 1,
        "details": "d",
        "notify_people": False,
    }
    data.update(kw)
    return services.concern_create(
        acting_user=data.pop("acting_user", world.officer),
        young_person=young_person or make_child(world),
        **data,
    )


def make_incident(world: Any, young_person: Any = None, **kw: Any) -> Any:
    """An assault reported by the school two hours ago involving `young_person` (default: a new
    child at the world's school), recorded by the world's officer; `kw` overrides any detail."""
    data = {"occurred_at": ago(hours=2), **ASSAULT, "description": "d"}
    data.update(kw)
    return services.incident_create(
        acting_user=data.pop("acting_user", world.officer),
        young_person=young_person or make_child(world),
        **data,
    )


def make_intervention(world: Any, young_person: Any = None, **kw: Any) -> Any:
    """Mentoring starting today for `young_person` (default: a new child at the world's
    school), recorded by the world's officer; `kw` overrides any detail."""
    data = {"kind": "mentoring", "start_date": timezone.localdate()}
    data.update(kw)
    by = data.pop("acting_user", world.officer)
    return services.intervention_create(
        Intervention(young_person=young_person or make_child(world), **data), acting_user=by
    )


def ago(**kw: Any) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kw)


def strip_search_kwargs(**kw: Any) -> dict[str, Any]:
    """A strip search three hours ago, with everything the law asks of one; `kw` overrides."""
    data = {
        "searched_at": ago(hours=3),
        **SEARCH,
        "grounds": "Smell of cannabis and a tip-off.",
        "power": "misuse_of_drugs",
        "extent": "more_than_outer",
        "appropriate_adult_name": "Mrs Khan",
        "appropriate_adult_role": "Mother",
        "authorising_officer_name": "Insp Grey",
        "authorising_officer_rank": "INSP",
        "parent_told_at": ago(hours=2),
        "childs_words": "I was scared.",
    }
    data.update(kw)
    return data


def record_pair(kind: str, w: Any) -> tuple[Any, Any]:
    """For the authorization matrix: one record of `kind` at `w.school_in` and one at
    `w.school_out` (recorded by the matrix world's inspector)."""
    from types import SimpleNamespace

    from saferschools.engagement.tests.helpers import (
        make_activity,
        make_contact,
        make_request,
        make_session,
    )

    by = w.users["inspector"]
    engagement = {
        "contact": make_contact,
        "request": lambda by, school: make_request(by, school, notify_users=[]),
        "session": make_session,
        "activity": make_activity,
    }

    def one(school: Any, n: int) -> Any:
        if kind in engagement:
            return engagement[kind](by, school)
        world = SimpleNamespace(school=school, officer=by)
        child = make_child(world, "Matrix", f"Child{n}")
        if kind == "concern":
            return make_concern(world, child, raised_at=ago(hours=2))
        if kind == "incident":
            return make_incident(world, child, outcome="arrest")
        if kind == "search":
            return services.search_record(
                acting_user=by, young_person=child, **strip_search_kwargs(extent="outer")
            )
        if kind == "intervention":
            return make_intervention(world, child)
        if kind == "referral":
            return services.referral_create(
                acting_user=by,
                young_person=child,
                service="youth",
                reason="r",
                made_on=timezone.localdate(),
                due_date=timezone.localdate(),
                consent="child",
            )
        raise LookupError(kind)

    return one(w.school_in, 1), one(w.school_out, 2)
