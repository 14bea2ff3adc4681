"""The force's policing areas (divisions) and the districts in each; LSOA 2011 centroids."""

from __future__ import annotations

import os
from collections.abc import Iterator

from .base import ProgressFn, Rejected, SourceRow, parse_float, read_csv


def parse_force_areas(
    path: str | os.PathLike[str],
    *,
    forces: set[str] | None = None,
    district_codes: set[str] | None = None,
) -> Iterator[SourceRow | Rejected]:
    """Force, area (division), district rows; only `forces` / `district_codes` if given."""
    for line, raw in read_csv(
        path,
        encoding="utf-8-sig",
        required=("force", "area", "district_code", "district_name"),
    ):
        if forces is not None and raw["force"].strip() not in forces:
            continue
        if district_codes is not None and raw["district_code"].strip() not in district_codes:
            continue
        code = raw["district_code"].strip()
        if len(code) != 9:
            yield Rejected(line, f"not an ONS district code: {code!r}", raw)
            continue
        yield SourceRow(
            line,
            {
                "force": raw["force"].strip(),
                "division": raw["area"].strip(),
                "district_code": code,
                "district_name": raw["district_name"].strip(),
            },
        )


def parse_lsoa_centroids(
    path: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
    district_codes: set[str] | None = None,
) -> Iterator[SourceRow | Rejected]:
    for line, raw in read_csv(
        path,
        encoding="utf-8-sig",
        required=(
            "lsoa11_code",
            "lsoa11_name",
            "lad19_code",
            "lad19_name",
            "longitude",
            "latitude",
        ),
        progress=progress,
    ):
        if district_codes is not None and raw.get("lad19_code", "").strip() not in district_codes:
            continue
        try:
            lon = parse_float(raw["longitude"], name="longitude")
            lat = parse_float(raw["latitude"], name="latitude")
            if lon is None or lat is None or not (-9 < lon < 3 and 49 < lat < 61):
                raise ValueError(f"coordinates outside Great Britain: {lat}, {lon}")
        except ValueError as exc:
            yield Rejected(line, str(exc), raw)
            continue
        yield SourceRow(
            line,
            {
                "code": raw["lsoa11_code"].strip(),
                "name": raw.get("lsoa11_name", "").strip(),
                "district_code": raw.get("lad19_code", "").strip(),
                "district_name": raw.get("lad19_name", "").strip(),
                "latitude": lat,
                "longitude": lon,
            },
        )
