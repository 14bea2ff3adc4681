"""Fixtures of the allocation tests: a small force in the database (three districts in two
divisions, 14 secondary schools with coordinates and deprivation, two primaries, 7
constables, 2 sergeants) and one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from saferschools.accounts.choices import Role
from saferschools.estate.models import LsoaDeprivation
from saferschools.testing.builders import make_district, make_officer, make_school, make_user
from saferschools.workforce.choices import Rank


@pytest.fixture(autouse=True)
def _no_otp(settings):  # noqa: ANN001
    settings.OTP_REQUIRED_FOR_POLICE = False


@dataclass
class SmallForce:
    districts: list[Any]
    schools: list[Any]
    primaries: list[Any]
    constables: list[Any]
    sergeants: list[Any]
    users: dict[str, Any]


def build_small_force(constables: int = 7) -> SmallForce:
    north_a = make_district("Northam", division="North")
    north_b = make_district("Northby", division="North")
    south = make_district("Southwick", division="South")
    districts = [north_a, north_b, south]
    lsoa_n = 0
    for d, ranks in zip(districts, [(2000, 3000), (15000, 20000), (8000, 9000)], strict=True):
        for r in ranks:
            lsoa_n += 1
            LsoaDeprivation.objects.create(
                lsoa_code=f"E0{lsoa_n:07d}",
                district_code=d.code,
                district_name=d.name,
                imd_rank=r,
                imd_decile=max(1, min(10, r // 3300 + 1)),
                crime_rank=r + 500,
            )
    layout = {
        north_a: [(0, 0), (2, 0), (0, 2), (10, 10), (12, 10), (11, 12)],
        north_b: [(30, 0), (32, 1), (31, 3), (40, 0)],
        south: [(0, -30), (3, -30), (20, -30), (22, -31)],
    }
    schools = []
    for d, points in layout.items():
        code = LsoaDeprivation.objects.filter(district_code=d.code).first().lsoa_code
        for i, (x, y) in enumerate(points):
            schools.append(
                make_school(
                    d,
                    name=f"{d.name} School {i + 1}",
                    easting=500000 + x * 1000,
                    northing=150000 + y * 1000,
                    number_of_pupils=800 + 100 * i,
                    percentage_fsm=10 + 3 * i,
                    lsoa11_code=code,
                )
            )
    primaries = [
        make_school(
            north_a,
            name="Northam Primary",
            phase="Primary",
            school_group="primary",
            easting=500500,
            northing=150500,
        ),
        make_school(
            south,
            name="Southwick Primary",
            phase="Primary",
            school_group="primary",
            easting=520500,
            northing=120000,
        ),
    ]
    pcs = [make_officer(collar_number=f"P{2001 + i}") for i in range(constables)]
    for pc in pcs:
        pc.published_contact = "schools.team@example.police.uk"
        pc.save(update_fields=["published_contact"])
    sergeants = [make_officer(Rank.SERGEANT, collar_number=f"S{201 + i}") for i in range(2)]
    users = {
        Role.INSPECTOR: make_user(Role.INSPECTOR, officer=make_officer(Rank.INSPECTOR)),
        Role.SERGEANT: make_user(Role.SERGEANT, officer=sergeants[0]),
        Role.COORDINATOR: make_user(Role.COORDINATOR, officer=make_officer(Rank.STAFF)),
        Role.SCHOOLS_OFFICER: make_user(Role.SCHOOLS_OFFICER, officer=pcs[0]),
        Role.HEADTEACHER: make_user(Role.HEADTEACHER, school=schools[0]),
        Role.DSL: make_user(Role.DSL, school=schools[0]),
        Role.SYSADMIN: make_user(Role.SYSADMIN),
    }
    return SmallForce(districts, schools, primaries, pcs, sergeants, users)


@pytest.fixture
def force(db) -> SmallForce:  # noqa: ANN001
    return build_small_force()
