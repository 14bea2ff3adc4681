"""DfE Get Information About Schools (GIAS) establishment download.

Official column names; Windows-1252 as GIAS publishes it. Works on the full "all
establishment data" file and on "selected fields" extracts that keep the official names.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

from ..rules import school_group
from .base import ProgressFn, Rejected, SourceRow, parse_float, parse_int, read_csv

ENCODING = "cp1252"
#: Columns the import needs: without one, the file is refused (file name and columns named)
#: rather than blanking that field for every school (a GIAS file without NumberOfPupils once
#: emptied 782 schools' pupil counts).
REQUIRED = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "NumberOfPupils",
    "Easting",
    "Northing",
    "LSOA (code)",
    "DistrictAdministrative (code)",
)
#: Fields read from columns a "selected fields" extract may leave out: when the column is not
#: in the file the field is left as it was (never blanked).
OPTIONAL = {
    "establishment_number": "EstablishmentNumber",
    "statutory_low_age": "StatutoryLowAge",
    "statutory_high_age": "StatutoryHighAge",
    "percentage_fsm": "PercentageFSM",
    "open_date": "OpenDate",
    "close_date": "CloseDate",
    "postcode": "Postcode",
    "town": "Town",
    "constituency_code": "ParliamentaryConstituency (code)",
}


def _date(value: str, name: str) -> dt.date | None:
    v = value.strip()
    if not v:
        return None
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{name} is not a date: {value!r}")


def parse_gias(
    path: str | os.PathLike[str],
    *,
    la_names: set[str] | None = None,
    encoding: str = ENCODING,
    progress: ProgressFn | None = None,
    district_codes: set[str] | None = None,
) -> Iterator[SourceRow | Rejected]:
    """Yield one row per establishment (optionally only those in `la_names`, or only those
    whose DistrictAdministrative is one of `district_codes`: one police force's districts)."""
    wanted = {n.lower() for n in la_names} if la_names else None
    for line, raw in read_csv(path, encoding=encoding, required=REQUIRED, progress=progress):
        if wanted is not None and raw["LA (name)"].strip().lower() not in wanted:
            continue
        if (
            district_codes is not None
            and raw.get("DistrictAdministrative (code)", "").strip() not in district_codes
        ):
            continue
        try:
            urn = parse_int(raw["URN"], name="URN", allow_blank=False)
            name = raw["EstablishmentName"].strip()
            if not name:
                raise ValueError("EstablishmentName is empty")
            phase = raw["PhaseOfEducation (name)"].strip()
            type_name = raw["TypeOfEstablishment (name)"].strip()
            type_group = raw.get("EstablishmentTypeGroup (name)", "").strip()
            high_age = parse_int(raw.get("StatutoryHighAge", ""), name="StatutoryHighAge")
            low_age = parse_int(raw.get("StatutoryLowAge", ""), name="StatutoryLowAge")
            fsm = parse_float(raw.get("PercentageFSM", ""), name="PercentageFSM")
            if fsm is not None and not 0 <= fsm <= 100:
                raise ValueError(f"PercentageFSM out of range: {fsm}")
            values = {
                "urn": urn,
                "name": name,
                "la_code": raw.get("LA (code)", "").strip(),
                "la_name": raw["LA (name)"].strip(),
                "establishment_number": raw.get("EstablishmentNumber", "").strip(),
                "type_name": type_name,
                "type_group": type_group,
                "phase": phase,
                "school_group": school_group(phase, type_name, type_group, high_age),
                "status": raw["EstablishmentStatus (name)"].strip(),
                "statutory_low_age": low_age,
                "statutory_high_age": high_age,
                "number_of_pupils": parse_int(raw.get("NumberOfPupils", ""), name="NumberOfPupils"),
                "percentage_fsm": fsm,
                "open_date": _date(raw.get("OpenDate", ""), "OpenDate"),
                "close_date": _date(raw.get("CloseDate", ""), "CloseDate"),
                "postcode": raw.get("Postcode", "").strip(),
                "town": raw.get("Town", "").strip(),
                "easting": parse_int(raw.get("Easting", ""), name="Easting"),
                "northing": parse_int(raw.get("Northing", ""), name="Northing"),
                "lsoa_code": raw.get("LSOA (code)", "").strip(),
                "constituency_code": raw.get("ParliamentaryConstituency (code)", "").strip(),
                "district_code": raw.get("DistrictAdministrative (code)", "").strip(),
                "district_name": raw.get("DistrictAdministrative (name)", "").strip(),
            }
        except ValueError as exc:
            yield Rejected(line, str(exc), raw)
            continue
        for field, column in OPTIONAL.items():
            if column not in raw:
                del values[field]
        yield SourceRow(line, values)
