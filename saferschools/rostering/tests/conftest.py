"""Fixtures of the rostering app tests: a small force in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from saferschools.accounts.choices import Role
from saferschools.rostering.models import RosterRules
from saferschools.rostering.services import absence_create
from saferschools.testing.builders import (
    make_district,
    make_officer,
    make_school,
    make_user,
    name_officer,
)
from saferschools.workforce.choices import Rank

#: A Monday in the summer term of the standard 2025/26 year (term ends Wed 22 July 2026).
TERM_MONDAY = dt.date(2026, 6, 8)


@pytest.fixture(autouse=True)
def _no_otp(settings):  # noqa: ANN001
    settings.OTP_REQUIRED_FOR_POLICE = False


@dataclass
class SmallForce:
    district: Any
    schools: list[Any]
    pcs: list[Any]
    sergeants: list[Any]
    users: dict[str, Any]


def simple_rules(**kw: Any) -> RosterRules:
    """Rules with the weekend early/late wish and fairness switched off (known optima)."""
    values = {
        "weekend_early_and_late": False,
        "weight_fairness_weekends": 0,
        "weight_fairness_lates": 0,
        "weight_fairness_bank_holidays": 0,
        **kw,
    }
    return RosterRules.objects.create(**values)


def make_infeasible(force: SmallForce) -> None:
    """Two of the three constables on leave all week: one constable cannot cover seven days."""
    for pc in force.pcs[1:]:
        absence_create(
            officer=pc,
            start=TERM_MONDAY,
            end=TERM_MONDAY + dt.timedelta(days=6),
            reason="annual_leave",
            acting_user=None,
        )


@pytest.fixture
def force(db) -> SmallForce:  # noqa: ANN001
    """One district (division "Test North") with three constables in two sergeants' teams;
    PC 1 and PC 2 are named officers of one school each."""
    district = make_district("Riverside", division="Test North")
    schools = [
        make_school(district, name="Riverside Academy"),
        make_school(district, name="Hill School"),
    ]
    ps1 = make_officer(Rank.SERGEANT, division=district.division, last_name="Sarge")
    ps2 = make_officer(Rank.SERGEANT, division=district.division, last_name="Second")
    pcs = [
        make_officer(district=district, sergeant=ps1, last_name="Alpha"),
        make_officer(district=district, sergeant=ps1, last_name="Bravo"),
        make_officer(district=district, sergeant=ps2, last_name="Charlie"),
    ]
    name_officer(schools[0], pcs[0])
    name_officer(schools[1], pcs[1])
    users = {
        "pc1": make_user(Role.SCHOOLS_OFFICER, officer=pcs[0], email="pc1@example.test"),
        "pc2": make_user(Role.SCHOOLS_OFFICER, officer=pcs[1]),
        "pc3": make_user(Role.SCHOOLS_OFFICER, officer=pcs[2]),
        "ps1": make_user(Role.SERGEANT, officer=ps1),
        "ps2": make_user(Role.SERGEANT, officer=ps2),
        "inspector": make_user(Role.INSPECTOR),
        "coordinator": make_user(Role.COORDINATOR),
    }
    return SmallForce(district, schools, pcs, [ps1, ps2], users)
