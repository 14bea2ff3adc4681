"""The importers on the real Kent & Medway files in ../shared/data.

Counts are taken independently from the file here (csv module, different code path) and
compared with what the importer put in the database.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from saferschools.estate.importers import (
    ImportFailed,
    import_census_age,
    import_gias,
    import_iod,
    import_stop_search,
)
from saferschools.estate.models import (
    Establishment,
    LsoaDeprivation,
    LsoaPopulation,
    StopSearch,
)

# Decision 140 (the force's announcement): secondary and all-through schools, PRUs and
# alternative provision, state and independent special schools get a named officer; colleges,
# 16-19 institutions and universities are secondary duties; mainstream independent schools are out.
SECONDARY_PHASES = {"Secondary", "All-through", "Middle deemed secondary"}
TYPES_OUT = {"Further education", "Sixth form centres", "Special post 16 institution"}


def named_officer_type(type_name: str) -> bool:
    """Pupil referral units, alternative provision and special schools, read from the type's
    own name (the register's types, as the decision lists them, all say which they are)."""
    name = type_name.lower()
    return name == "pupil referral unit" or "alternative provision" in name or "special" in name


pytestmark = pytest.mark.realdata


def gias_file(shared: Path) -> Path:
    return shared / "gias" / "edubase_kent_medway_20250524.csv"


def independent_counts(shared: Path) -> Counter[str]:
    """Open secondary-phase establishments per district, counted straight from the file."""
    counts: Counter[str] = Counter()
    with open(gias_file(shared), encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f):
            if row["EstablishmentStatus (name)"] != "Open":
                continue
            if row["EstablishmentTypeGroup (name)"] == "Independent schools":
                continue
            if row["TypeOfEstablishment (name)"] in TYPES_OUT:
                continue
            if row["PhaseOfEducation (name)"] in SECONDARY_PHASES or named_officer_type(
                row["TypeOfEstablishment (name)"]
            ):
                counts[row["DistrictAdministrative (code)"]] += 1
    return counts


def test_secondary_phase_counts_per_district_match_the_file(kent_area):
    expected = independent_counts(kent_area)
    got = Counter(
        Establishment.objects.secondary_phase()
        .filter(la_name__in=["Kent", "Medway"])
        .values_list("district__code", flat=True)
    )
    assert got == expected
    # 123 secondary and all-through + 7 PRU/AP + 32 state special + 48 independent special
    assert sum(expected.values()) == 210


def test_every_row_of_each_real_file_is_loaded(kent_area):
    with open(gias_file(kent_area), encoding="cp1252") as f:
        assert (
            Establishment.objects.filter(la_name__in=["Kent", "Medway"]).count()
            == sum(1 for _ in f) - 1
        )
    with open(kent_area / "iod2019" / "iod2019_ranks_deciles_kent_medway_lsoa.csv") as f:
        codes = {r["lsoa11_code"] for r in csv.DictReader(f)}
    assert set(LsoaDeprivation.objects.values_list("lsoa_code", flat=True)) >= codes
    with open(
        kent_area / "census2021" / "census2021_usual_residents_by_age_kent_medway_lsoa21.csv"
    ) as f:
        total = sum(int(r["usual_residents"]) for r in csv.DictReader(f))
    assert sum(LsoaPopulation.objects.values_list("usual_residents", flat=True)) == total
    assert StopSearch.objects.count() == 600


def test_coordinates_are_converted_from_british_national_grid(kent_area):
    # Canterbury cathedral area is about 51.28N 1.08E; every Kent school lies in a Kent box.
    for lat, lon in (
        Establishment.objects.filter(la_name="Kent")
        .exclude(latitude=None)
        .values_list("latitude", "longitude")
    ):
        assert 50.8 < lat < 51.6 and -0.3 < lon < 1.6 or lat > 51.3  # Bromley/Lambeth pair


def test_lsoa_2021_codes_are_matched_to_2011(kent_area):
    linked = Counter(
        Establishment.objects.filter(la_name__in=["Kent", "Medway"]).values_list(
            "lsoa11_match", flat=True
        )
    )
    assert linked["unmatched"] == 0
    assert linked["exact"] > 700 and linked["nearest_centroid"] >= 51


def test_reimport_changes_nothing(kent_area):
    before = list(Establishment.objects.order_by("urn").values())
    summary = import_gias(gias_file(kent_area))
    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == summary.read == 828
    assert list(Establishment.objects.order_by("urn").values()) == before
    iod = import_iod(kent_area / "iod2019" / "iod2019_ranks_deciles_kent_medway_lsoa.csv")
    assert (iod.created, iod.updated) == (0, 0)
    ss = import_stop_search([kent_area / "policeuk" / "2016-11-kent-stop-and-search.csv"])
    assert (ss.created, ss.updated, StopSearch.objects.count()) == (0, 0, 600)


def _truncate(src: Path, dst: Path, encoding: str) -> int:
    """Cut the file in the middle of a row; return that row's line number."""
    lines = src.read_text(encoding=encoding).splitlines(keepends=True)
    keep = len(lines) // 2
    partial = lines[keep][: len(lines[keep]) // 3]
    dst.write_text("".join(lines[:keep]) + partial, encoding=encoding)
    return keep + 1


def _corrupt(src: Path, dst: Path, encoding: str) -> int:
    """Drop a field from one row in the middle: a wrong field count at a known line."""
    lines = src.read_text(encoding=encoding).splitlines(keepends=True)
    n = len(lines) // 3
    lines[n] = lines[n].split(",", 1)[1]
    dst.write_text("".join(lines), encoding=encoding)
    return n + 1


REAL_FILES = [
    ("gias/edubase_kent_medway_20250524.csv", "cp1252", import_gias, Establishment),
    ("iod2019/iod2019_ranks_deciles_kent_medway_lsoa.csv", "utf-8", import_iod, LsoaDeprivation),
    (
        "census2021/census2021_usual_residents_by_age_kent_medway_lsoa21.csv",
        "utf-8",
        import_census_age,
        LsoaPopulation,
    ),
    (
        "policeuk/2016-11-kent-stop-and-search.csv",
        "utf-8",
        lambda p: import_stop_search([p]),
        StopSearch,
    ),
]


@pytest.mark.parametrize(("name", "encoding", "importer", "model"), REAL_FILES)
@pytest.mark.parametrize("damage", [_truncate, _corrupt])
def test_damaged_copy_is_rejected_with_its_line_and_changes_nothing(
    kent_area, tmp_path, name, encoding, importer, model, damage
):
    model.objects.all().delete()  # an empty table proves nothing half-loads
    copy = tmp_path / Path(name).name
    line = damage(kent_area / name, copy, encoding)
    with pytest.raises(ImportFailed) as err:
        importer(copy)
    assert f"line {line}" in str(err.value)
    assert copy.name in str(err.value)
    assert model.objects.count() == 0


def test_bad_value_rejects_row_by_line_and_keep_going_loads_the_rest(kent_area, tmp_path):
    src = kent_area / "iod2019" / "iod2019_ranks_deciles_kent_medway_lsoa.csv"
    lines = src.read_text().splitlines(keepends=True)
    fields = lines[10].split(",")
    fields[4] = "not-a-rank"
    lines[10] = ",".join(fields)
    copy = tmp_path / "iod.csv"
    copy.write_text("".join(lines))
    LsoaDeprivation.objects.all().delete()
    with pytest.raises(ImportFailed, match="line 11"):
        import_iod(copy)
    assert LsoaDeprivation.objects.count() == 0
    summary = import_iod(copy, max_rejected=None)
    assert summary.rejected == 1 and summary.first_rejected[0][0] == 11
    assert LsoaDeprivation.objects.count() == len(lines) - 2


def test_command_reports_a_clear_error_not_a_traceback(kent_area, tmp_path):
    bad = tmp_path / "edubase.csv"
    shutil.copy(gias_file(kent_area), bad)
    with open(bad, "ab") as f:
        f.write(b'"999999","886","Kent","1","Cut off')
    with pytest.raises(CommandError, match=r"edubase.csv, line 830"):
        call_command("import-gias", str(bad))


def test_missing_column_names_the_column(db, tmp_path):
    f = tmp_path / "gias.csv"
    f.write_text('"URN","EstablishmentName"\n"1","A school"\n', encoding="cp1252")
    with pytest.raises(ImportFailed, match="missing required column"):
        import_gias(f)


def test_load_area_for_one_local_authority_loads_only_its_districts(db, shared_data, capsys):
    """`load-area --la Medway`: Medway's schools, and deprivation for Medway's LSOAs only."""
    Establishment.objects.all().delete()
    LsoaDeprivation.objects.all().delete()
    call_command("load-area", "--data", str(shared_data), "--la", "Medway")
    with open(gias_file(shared_data), encoding="cp1252", newline="") as f:
        medway = [r for r in csv.DictReader(f) if r["LA (name)"] == "Medway"]
    assert Establishment.objects.count() == len(medway)
    with open(shared_data / "iod2019" / "iod2019_ranks_deciles_kent_medway_lsoa.csv") as f:
        in_iod = {r["lad19_code"] for r in csv.DictReader(f)}
    # Medway's districts that the IoD extract covers (one Medway-run school is sited in
    # Lambeth, which the Kent & Medway extract does not hold).
    assert (
        set(LsoaDeprivation.objects.values_list("district_code", flat=True))
        == {r["DistrictAdministrative (code)"] for r in medway} & in_iod
        == {"E06000035"}
    )
    assert "GIAS establishments" in capsys.readouterr().out


def test_load_area_with_an_unknown_local_authority_is_a_clear_error(db, shared_data):
    with pytest.raises(CommandError, match="none of the local authorities Atlantis"):
        call_command("load-area", "--data", str(shared_data), "--la", "Atlantis")
