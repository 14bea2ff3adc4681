"""Builders for casework tests: a school with its safeguarding lead, named officer, sergeant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.core.testing import make_officer, make_school, make_user, name_officer
from saferschools.workforce.choices import Rank

from .. import services


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


def make_child(world: World, first: str = "Amira", last: str = "Khan", **kw: Any) -> Any:
    data = {
        "school": world.school,
        "first_name": first,
        "last_name": last,
        "date_of_birth": dt.date(2011, 3, 14),
        "year_group": 9,
        "sex": "female",
        "ethnicity": "asian_pakistani",
        "fsm": "yes",
        "sen": "sen_support",
        "looked_after": "no",
        "lawful_basis": "law_enforcement",
        "confirm_not_duplicate": True,
    }
    data.update(kw)
    return services.young_person_create(acting_user=world.officer, **data)


def ago(**kw: Any) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kw)


def strip_search_kwargs(**kw: Any) -> dict[str, Any]:
    data = {
        "searched_at": ago(hours=3),
        "reason": "drugs",
        "grounds": "Smell of cannabis and a tip-off.",
        "power": "misuse_of_drugs",
        "location": "school",
        "extent": "more_than_outer",
        "searched_by_name": "PC Test",
        "outcome": "nothing",
        "appropriate_adult_name": "Mrs Khan",
        "appropriate_adult_role": "Mother",
        "authorising_officer_name": "Insp Grey",
        "authorising_officer_rank": "INSP",
        "parent_told_at": ago(hours=2),
        "childs_words": "I was scared.",
    }
    data.update(kw)
    return data
