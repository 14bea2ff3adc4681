"""Census 2021 usual residents by LSOA (2021) and age group (ONS custom dataset)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from .base import ProgressFn, Rejected, SourceRow, parse_int, read_csv

ALIASES = {
    "lsoa21_code": ("Lower layer Super Output Areas Code", "LSOA code", "lsoa21cd"),
    "lsoa21_name": ("Lower layer Super Output Areas", "LSOA name", "lsoa21nm"),
    "age_group": ("Age (6 categories)", "Age"),
    "usual_residents": ("Observation", "Count"),
}
REQUIRED = ("lsoa21_code", "lsoa21_name", "age_group", "usual_residents")


def parse_census_age(
    path: str | os.PathLike[str],
    *,
    district_names: set[str] | None = None,
    progress: ProgressFn | None = None,
    lsoa_codes: set[str] | None = None,
) -> Iterator[SourceRow | Rejected]:
    """LSOA names start with their district's name ("Medway 015A"): filter on that, or on
    `lsoa_codes` (a 2021 LSOA whose code is a 2011 LSOA of the area: most did not change)."""
    for line, raw in read_csv(
        path, encoding="utf-8-sig", required=REQUIRED, aliases=ALIASES, progress=progress
    ):
        name = raw.get("lsoa21_name", "").strip()
        if district_names is not None or lsoa_codes is not None:
            by_name = district_names is not None and name.rsplit(" ", 1)[0] in district_names
            by_code = lsoa_codes is not None and raw["lsoa21_code"].strip() in lsoa_codes
            if not (by_name or by_code):
                continue
        try:
            residents = parse_int(raw["usual_residents"], name="usual_residents", allow_blank=False)
            if residents is None or residents < 0:
                raise ValueError("usual_residents must be zero or more")
            values = {
                "lsoa_code": raw["lsoa21_code"].strip(),
                "lsoa_name": name,
                "age_group": raw["age_group"].strip(),
                "usual_residents": residents,
            }
        except ValueError as exc:
            yield Rejected(line, str(exc), raw)
            continue
        yield SourceRow(line, values)
