"""police.uk monthly CSVs: street-level crime and stop and search (possibly zipped)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter
from collections.abc import Iterator

from .base import ProgressFn, Rejected, SourceRow, parse_bool, parse_float, read_csv

#: Every column the import stores: police.uk's format carries them all, so a file missing one
#: is refused (named) rather than stored with that field blank.
STREET_REQUIRED = ("Month", "Falls within", "LSOA code", "Crime type")
STOP_SEARCH_REQUIRED = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)


def _month(value: str) -> dt.date:
    try:
        y, m = value.strip()[:7].split("-")
        return dt.date(int(y), int(m), 1)
    except ValueError:
        raise ValueError(f"Month is not YYYY-MM: {value!r}") from None


def parse_street_crime(
    path: str | os.PathLike[str], *, progress: ProgressFn | None = None
) -> Iterator[SourceRow | Rejected]:
    """One row per recorded crime; the importer counts them by LSOA, month and type."""
    for line, raw in read_csv(
        path, encoding="utf-8-sig", required=STREET_REQUIRED, progress=progress
    ):
        try:
            month = _month(raw["Month"])
            crime_type = raw["Crime type"].strip()
            if not crime_type:
                raise ValueError("Crime type is empty")
        except ValueError as exc:
            yield Rejected(line, str(exc), raw)
            continue
        lsoa = raw["LSOA code"].strip()
        if not lsoa:  # police.uk publishes crimes it could not place without an LSOA
            yield Rejected(line, "no LSOA code (crime not located)", raw)
            continue
        yield SourceRow(
            line,
            {
                "lsoa_code": lsoa,
                "month": month,
                "crime_type": crime_type,
                "falls_within": raw.get("Falls within", "").strip(),
            },
        )


def parse_stop_search(
    path: str | os.PathLike[str], *, force: str, progress: ProgressFn | None = None
) -> Iterator[SourceRow | Rejected]:
    """One row per search. Identical-looking rows are separate searches, so each gets a key
    of its values' hash and its occurrence number among identical rows."""
    seen: Counter[str] = Counter()
    for line, raw in read_csv(
        path, encoding="utf-8-sig", required=STOP_SEARCH_REQUIRED, progress=progress
    ):
        try:
            when = dt.datetime.fromisoformat(raw["Date"].strip())
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            lat = parse_float(raw.get("Latitude", ""), name="Latitude")
            lon = parse_float(raw.get("Longitude", ""), name="Longitude")
        except ValueError as exc:
            yield Rejected(line, f"bad value: {exc}", raw)
            continue
        digest = hashlib.sha1(
            "\x1f".join(f"{k}={raw[k]}" for k in sorted(raw)).encode(), usedforsecurity=False
        ).hexdigest()[:32]
        seen[digest] += 1
        yield SourceRow(
            line,
            {
                "force": force,
                "month": when.date().replace(day=1),
                "row_key": f"{digest}-{seen[digest]}",
                "search_type": raw["Type"].strip(),
                "occurred_at": when,
                "part_of_operation": parse_bool(raw.get("Part of a policing operation", "")),
                "operation_name": raw.get("Policing operation", "").strip(),
                "latitude": lat,
                "longitude": lon,
                "gender": raw["Gender"].strip(),
                "age_range": raw["Age range"].strip(),
                "self_defined_ethnicity": raw.get("Self-defined ethnicity", "").strip(),
                "officer_defined_ethnicity": raw["Officer-defined ethnicity"].strip(),
                "legislation": raw.get("Legislation", "").strip(),
                "object_of_search": raw.get("Object of search", "").strip(),
                "outcome": raw["Outcome"].strip(),
                "outcome_linked": parse_bool(raw.get("Outcome linked to object of search", "")),
                "removal_of_more_than_outer_clothing": parse_bool(
                    raw.get("Removal of more than just outer clothing", "")
                ),
            },
        )
