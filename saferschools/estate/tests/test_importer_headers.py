"""Every importer checks its header before it touches the database, and reads the encoding the
bytes are in (issue 12, item 4). Small files with the real files' headers, so these run on a
fresh clone without ../shared/data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from saferschools.estate import importers
from saferschools.estate.models import (
    District,
    Establishment,
    Lsoa,
    LsoaDeprivation,
    LsoaPopulation,
    RecordedCrime,
    StopSearch,
)

GIAS = {
    "URN": "118000",
    "LA (code)": "886",
    "LA (name)": "Kent",
    "EstablishmentNumber": "4001",
    "EstablishmentName": "Café Academy",
    "TypeOfEstablishment (name)": "Academy converter",
    "EstablishmentTypeGroup (name)": "Academies",
    "EstablishmentStatus (name)": "Open",
    "PhaseOfEducation (name)": "Secondary",
    "NumberOfPupils": "1200",
    "PercentageFSM": "15.5",
    "Easting": "635000",
    "Northing": "168000",
    "LSOA (code)": "E01024001",
    "ParliamentaryConstituency (code)": "E14000700",
    "DistrictAdministrative (code)": "E07000114",
    "DistrictAdministrative (name)": "Thanet",
}
_DOMAINS = [
    "index_of_multiple_deprivation_imd",
    "income",
    "employment",
    "education_skills_and_training",
    "health_deprivation_and_disability",
    "crime",
    "barriers_to_housing_and_services",
    "living_environment",
]
IOD = {
    "lsoa11_code": "E01024001",
    "lsoa11_name": "Thanet 001A",
    "lad19_code": "E07000114",
    "lad19_name": "Thanet",
    **{f"{d}_rank": "120" for d in _DOMAINS},
    **{f"{d}_decile": "1" for d in _DOMAINS},
}
CENSUS = {
    "lsoa21_code": "E01024001",
    "lsoa21_name": "Thanet 001A",
    "age_group": "Aged 10 to 15 years",
    "usual_residents": "100",
}
CENTROIDS = {
    "lsoa11_code": "E01024001",
    "lsoa11_name": "Thanet 001A",
    "lad19_code": "E07000114",
    "lad19_name": "Thanet",
    "longitude": "1.38",
    "latitude": "51.38",
}
FORCE = {"force": "Kent", "area": "East", "district_code": "E07000114", "district_name": "Thanet"}
STREET = {
    "Crime ID": "x1",
    "Month": "2019-01",
    "Reported by": "Kent Police",
    "Falls within": "Kent Police",
    "Longitude": "1.38",
    "Latitude": "51.38",
    "Location": "On or near X",
    "LSOA code": "E01024001",
    "LSOA name": "Thanet 001A",
    "Crime type": "Drugs",
    "Last outcome category": "",
    "Context": "",
}
STOP = {
    "Type": "Person search",
    "Date": "2016-11-01T10:00:00+00:00",
    "Part of a policing operation": "False",
    "Policing operation": "",
    "Latitude": "51.38",
    "Longitude": "1.38",
    "Gender": "Male",
    "Age range": "18-24",
    "Self-defined ethnicity": "White - English",
    "Officer-defined ethnicity": "White",
    "Legislation": "Misuse of Drugs Act 1971 (section 23)",
    "Object of search": "Controlled drugs",
    "Outcome": "A no further action disposal",
    "Outcome linked to object of search": "False",
    "Removal of more than just outer clothing": "False",
}


def write(path: Path, row: dict[str, str], *, drop: str = "", encoding: str = "utf-8") -> Path:
    header = [c for c in row if c != drop]
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL)
        w.writerow(header)
        w.writerow([row[c] for c in header])
    return path


# (importer, a valid row, its file encoding, model, the fields that must not change, a column
# the importer needs)
CASES = {
    "gias pupils": (
        importers.import_gias,
        GIAS,
        "cp1252",
        Establishment,
        "number_of_pupils",
        "NumberOfPupils",
    ),
    "gias lsoa": (importers.import_gias, GIAS, "cp1252", Establishment, "lsoa_code", "LSOA (code)"),
    "iod": (importers.import_iod, IOD, "utf-8", LsoaDeprivation, "district_name", "lad19_name"),
    "census": (
        importers.import_census_age,
        CENSUS,
        "utf-8",
        LsoaPopulation,
        "usual_residents",
        "usual_residents",
    ),
    "centroids": (importers.import_lsoa_centroids, CENTROIDS, "utf-8", Lsoa, "name", "lsoa11_name"),
    "force areas": (
        importers.import_force_areas,
        FORCE,
        "utf-8",
        District,
        "name",
        "district_name",
    ),
    "street crime": (
        lambda p: importers.import_street_crime([p]),
        STREET,
        "utf-8",
        RecordedCrime,
        "falls_within",
        "Falls within",
    ),
    "stop and search": (
        lambda p: importers.import_stop_search([p]),
        STOP,
        "utf-8",
        StopSearch,
        "legislation",
        "Legislation",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_importer_refuses_a_file_missing_a_column_it_needs(db, tmp_path, case):
    importer, row, encoding, model, field, column = CASES[case]
    importer(write(tmp_path / "good.csv", row, encoding=encoding))
    before = sorted(model.objects.values_list(field, flat=True))
    assert before and all(v not in ("", None) for v in before)

    bad = write(tmp_path / "without-a-column.csv", row, drop=column, encoding=encoding)
    with pytest.raises(importers.ImportFailed) as refused:
        importer(bad)
    message = str(refused.value)
    assert "without-a-column.csv" in message and repr(column) in message
    assert "Nothing was imported" in message
    assert sorted(model.objects.values_list(field, flat=True)) == before


def test_a_column_some_extracts_leave_out_is_left_as_it_was_not_blanked(db, tmp_path):
    importers.import_gias(write(tmp_path / "full.csv", GIAS, encoding="cp1252"))
    importers.import_gias(
        write(
            tmp_path / "no-fsm.csv",
            GIAS | {"NumberOfPupils": "1300"},
            drop="PercentageFSM",
            encoding="cp1252",
        )
    )
    school = Establishment.objects.get(urn=118000)
    assert (school.number_of_pupils, school.percentage_fsm) == (1300, 15.5)

    importers.import_iod(write(tmp_path / "iod.csv", IOD))
    importers.import_iod(write(tmp_path / "iod-file-1.csv", IOD, drop="lsoa11_name"))
    assert LsoaDeprivation.objects.get().lsoa_name == "Thanet 001A"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_a_gias_file_is_read_in_the_encoding_its_bytes_are_in(db, tmp_path, encoding):
    importers.import_gias(write(tmp_path / "gias.csv", GIAS, encoding=encoding))
    assert Establishment.objects.get(urn=118000).name == "Café Academy"


def test_a_utf16_file_is_refused_with_what_to_do(db, tmp_path):
    with pytest.raises(importers.ImportFailed, match="UTF-16.*save it as CSV"):
        importers.import_gias(write(tmp_path / "gias.csv", GIAS, encoding="utf-16"))
    assert not Establishment.objects.exists()


def test_a_windows_1252_file_where_utf8_is_expected_is_refused_naming_the_line(db, tmp_path):
    with pytest.raises(importers.ImportFailed, match=r"iod\.csv, line 2.*Windows-1252"):
        importers.import_iod(
            write(tmp_path / "iod.csv", IOD | {"lad19_name": "Thénet"}, encoding="cp1252")
        )
    assert not LsoaDeprivation.objects.exists()
