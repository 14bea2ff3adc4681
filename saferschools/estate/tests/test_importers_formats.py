"""Formats that are not in ../shared/data: files the tests make in the published layouts."""

from __future__ import annotations

import csv
import zipfile

import pytest

from saferschools.estate.importers import ImportFailed, import_iod, import_street_crime
from saferschools.estate.models import LsoaDeprivation, RecordedCrime

STREET_HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]


def write_street(path, month, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(STREET_HEADER)
        for i, (lsoa, crime_type) in enumerate(rows):
            w.writerow(
                [
                    f"id{i}",
                    month,
                    "Kent Police",
                    "Kent Police",
                    "0.5",
                    "51.2",
                    "On or near X",
                    lsoa,
                    "Thanet 001A" if lsoa else "",
                    crime_type,
                    "",
                    "",
                ]
            )


def test_street_crime_counts_by_lsoa_month_type_across_zipped_months(db, tmp_path):
    a = tmp_path / "2019-01-kent-street.csv"
    write_street(
        a,
        "2019-01",
        [("E01024001", "Violence and sexual offences")] * 3
        + [("E01024001", "Drugs"), ("", "Drugs")],
    )
    b = tmp_path / "2019-02-kent-street.csv"
    write_street(b, "2019-02", [("E01024001", "Drugs")] * 2)
    z = tmp_path / "2019-02.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(b, b.name)
    summary = import_street_crime([a, z])
    assert summary.rejected == 1  # the crime police.uk could not place
    counts = {(r.month.isoformat(), r.crime_type): r.count for r in RecordedCrime.objects.all()}
    assert counts == {
        ("2019-01-01", "Violence and sexual offences"): 3,
        ("2019-01-01", "Drugs"): 1,
        ("2019-02-01", "Drugs"): 2,
    }
    again = import_street_crime([a, z])
    assert (again.created, again.updated) == (0, 0)


def test_official_mhclg_iod_headers_are_read(db, tmp_path):
    """A user's own download from the government's site uses long official headers."""
    f = tmp_path / "File_2_-_IoD2019_Domains_of_Deprivation.csv"
    header = [
        "LSOA code (2011)",
        "LSOA name (2011)",
        "Local Authority District code (2019)",
        "Local Authority District name (2019)",
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
        "Crime Rank (where 1 is most deprived)",
        "Crime Decile (where 1 is most deprived 10% of LSOAs)",
        "Index of Multiple Deprivation (IMD) Score",
    ]
    with open(f, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerow(
            ["E01024001", "Thanet 001A", "E07000114", "Thanet", "120", "1", "55", "1", "61.2"]
        )
    import_iod(f)
    row = LsoaDeprivation.objects.get(lsoa_code="E01024001")
    assert (row.imd_rank, row.imd_decile, row.crime_rank, row.imd_score) == (120, 1, 55, 61.2)


def test_not_utf8_is_a_clear_error(db, tmp_path):
    f = tmp_path / "iod.csv"
    f.write_bytes(
        b"lsoa11_code,lad19_code,lad19_name,index_of_multiple_deprivation_imd_rank,"
        b"index_of_multiple_deprivation_imd_decile\nE01024001,E07000114,Th\xe9net,1,1\n"
    )
    with pytest.raises(ImportFailed, match="line 2"):
        import_iod(f)
