"""`load-area --force NAME`: one English force from the national files, and nothing of another.
Counts are taken from the files here with the csv/gzip modules (another code path)."""

from __future__ import annotations

import csv
import gzip

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from saferschools.estate.models import (
    District,
    Establishment,
    Force,
    Lsoa,
    LsoaDeprivation,
    LsoaPopulation,
    StopSearch,
)

pytestmark = pytest.mark.realdata


def national_districts(shared, force: str) -> dict[str, str]:
    with gzip.open(shared / "force" / "england_police_force_areas.csv.gz", "rt") as f:
        return {r["district_code"]: r["area"] for r in csv.DictReader(f) if r["force"] == force}


def test_one_force_loads_nothing_of_another_and_links_lsoas_within_the_district(
    db, shared_data, capsys
):
    # (a force's divisions go with it)
    for model in (
        Establishment,
        LsoaDeprivation,
        Lsoa,
        LsoaPopulation,
        StopSearch,
        District,
        Force,
    ):
        model.objects.all().delete()
    call_command("load-area", "--data", str(shared_data), "--force", "Essex Police")
    essex = national_districts(shared_data, "Essex Police")
    assert len(essex) == 14
    assert list(Force.objects.values_list("name", flat=True)) == ["Essex Police"]
    assert set(District.objects.values_list("code", flat=True)) == set(essex)
    assert {d.code: d.division.name for d in District.objects.select_related("division")} == essex
    # Schools: exactly the register's rows in Essex's districts (Essex, Southend, Thurrock).
    with open(shared_data / "gias" / "edubase_england_20250524.csv", encoding="cp1252") as f:
        rows = [r for r in csv.DictReader(f) if r["DistrictAdministrative (code)"] in essex]
    assert Establishment.objects.count() == len(rows) > 700
    assert set(Establishment.objects.values_list("la_name", flat=True)) == {
        "Essex",
        "Southend-on-Sea",
        "Thurrock",
    }
    assert not Establishment.objects.exclude(district__code__in=essex).exists()
    # Deprivation, centroids and population of Essex's LSOAs only; no Kent stop and search.
    assert set(LsoaDeprivation.objects.values_list("district_code", flat=True)) == set(essex)
    assert set(Lsoa.objects.values_list("district_code", flat=True)) == set(essex)
    essex_lsoas = set(LsoaDeprivation.objects.values_list("lsoa_code", flat=True))
    population = set(LsoaPopulation.objects.values_list("lsoa_code", flat=True))
    assert len(population & essex_lsoas) > 0.9 * len(essex_lsoas)
    assert not StopSearch.objects.exists()
    # No school is linked to an LSOA outside its own local authority district.
    district_of = dict(LsoaDeprivation.objects.values_list("lsoa_code", "district_code"))
    linked = Establishment.objects.exclude(lsoa11_code="").select_related("district")
    assert linked.count() > 0.95 * Establishment.objects.count()
    for e in linked:
        assert district_of[e.lsoa11_code] == e.district.code, e
    flagged = Establishment.objects.filter(lsoa11_match="needs_placing")
    assert all(e.lsoa11_code == "" for e in flagged)
    out = capsys.readouterr().out
    assert "flagged for a person to place" in out
    # And the force can be planned straight away.
    call_command("plan", "--officers", "40", "--sergeants", "6", "--time-limit", "20")
    plan = capsys.readouterr().out
    from saferschools.allocation.models import Plan

    saved = Plan.objects.get()  # ids are not reset between tests on PostgreSQL
    assert f"Plan {saved.pk} (draft)" in plan and "Southend-on-Sea gets" in plan


def test_an_unknown_force_is_a_clear_error(db, shared_data):
    with pytest.raises(CommandError, match="No force called Atlantis Police"):
        call_command("load-area", "--data", str(shared_data), "--force", "Atlantis Police")
