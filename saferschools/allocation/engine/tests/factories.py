"""Tiny hand-made instances for the engine tests."""

from __future__ import annotations

from saferschools.allocation.engine import District, Instance, Lsoa, School


def school(
    urn: str,
    district: str,
    x_km: float,
    y_km: float,
    pupils: int | None = 1000,
    fsm: float | None = 20.0,
    lsoa: str | None = None,
) -> School:
    return School(
        urn=urn,
        name=f"School {urn}",
        district=district,
        easting=x_km * 1000,
        northing=y_km * 1000,
        pupils=pupils,
        fsm_percent=fsm,
        lsoa=lsoa,
    )


def two_district_instance(constables: int = 5, sergeants: int = 2) -> Instance:
    """District N (north division) has 6 schools in two clusters, district S (south)
    has 3 schools; both have two LSOAs."""
    districts = (
        District("N", "Northtown", "North"),
        District("S", "Southville", "South"),
    )
    schools = (
        school("n1", "N", 0, 0),
        school("n2", "N", 1, 0),
        school("n3", "N", 0, 1),
        school("n4", "N", 20, 0),
        school("n5", "N", 21, 0),
        school("n6", "N", 20, 1),
        school("s1", "S", 0, -30),
        school("s2", "S", 2, -30),
        school("s3", "S", 30, -30),
    )
    lsoas = (
        Lsoa("L1", "N", imd_rank=1000, crime_rank=2000),
        Lsoa("L2", "N", imd_rank=20000, crime_rank=30000),
        Lsoa("L3", "S", imd_rank=5000, crime_rank=10000),
        Lsoa("L4", "S", imd_rank=15000, crime_rank=12000),
    )
    return Instance(districts, schools, constables, sergeants, lsoas)
