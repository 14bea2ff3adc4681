"""English Indices of Deprivation 2019, LSOA (2011) level.

Reads the extract's snake_case names and the official MHCLG "File 1/2/7" headers, so a user's
own download from the government's site works too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from .base import ProgressFn, Rejected, SourceRow, parse_float, parse_int, read_csv

DOMAINS = {
    "imd": ("index_of_multiple_deprivation_imd", "Index of Multiple Deprivation (IMD)"),
    "income": ("income", "Income"),
    "employment": ("employment", "Employment"),
    "education": ("education_skills_and_training", "Education, Skills and Training"),
    "health": ("health_deprivation_and_disability", "Health Deprivation and Disability"),
    "crime": ("crime", "Crime"),
    "housing": ("barriers_to_housing_and_services", "Barriers to Housing and Services"),
    "living_environment": ("living_environment", "Living Environment"),
}

ALIASES: dict[str, tuple[str, ...]] = {
    "lsoa11_code": ("LSOA code (2011)",),
    "lsoa11_name": ("LSOA name (2011)",),
    "lad19_code": ("Local Authority District code (2019)",),
    "lad19_name": ("Local Authority District name (2019)",),
    "imd_score": ("Index of Multiple Deprivation (IMD) Score",),
    "idaci_score": ("Income Deprivation Affecting Children Index (IDACI) Score (rate)",),
    "idaci_rank": (
        "Income Deprivation Affecting Children Index (IDACI) Rank (where 1 is most deprived)",
    ),
    "idaci_decile": (
        "Income Deprivation Affecting Children Index (IDACI) Decile "
        "(where 1 is most deprived 10% of LSOAs)",
    ),
}
for _key, (_snake, _official) in DOMAINS.items():
    ALIASES[f"{_snake}_rank"] = (
        f"{_official} Rank (where 1 is most deprived)",
        f"{_official} Rank",
    )
    ALIASES[f"{_snake}_decile"] = (
        f"{_official} Decile (where 1 is most deprived 10% of LSOAs)",
        f"{_official} Decile",
    )

REQUIRED = (
    "lsoa11_code",
    "lad19_code",
    "lad19_name",
    "index_of_multiple_deprivation_imd_rank",
    "index_of_multiple_deprivation_imd_decile",
)
#: Fields from columns only some of MHCLG's files carry (File 1 has the IMD alone, File 2 the
#: domains, File 7 the scores): a field whose column the file lacks is left as it was.
OPTIONAL = {
    "lsoa_name": ("lsoa11_name",),
    "imd_score": ("imd_score",),
    "idaci_score": ("idaci_score",),
    "idaci_rank": ("idaci_rank",),
    "idaci_decile": ("idaci_decile",),
    **{
        f"{key}_rank": (f"{snake}_rank",)
        for key, (snake, _official) in DOMAINS.items()
        if key != "imd"
    },
    **{
        f"{key}_decile": (f"{snake}_decile",)
        for key, (snake, _official) in DOMAINS.items()
        if key != "imd"
    },
}


def parse_iod(
    path: str | os.PathLike[str],
    *,
    district_codes: set[str] | None = None,
    progress: ProgressFn | None = None,
) -> Iterator[SourceRow | Rejected]:
    for line, raw in read_csv(
        path, encoding="utf-8-sig", required=REQUIRED, aliases=ALIASES, progress=progress
    ):
        if district_codes is not None and raw["lad19_code"].strip() not in district_codes:
            continue
        try:
            code = raw["lsoa11_code"].strip()
            if not (len(code) == 9 and code[0] in "EW"):
                raise ValueError(f"not an LSOA code: {code!r}")
            values: dict[str, object] = {
                "lsoa_code": code,
                "lsoa_name": raw.get("lsoa11_name", "").strip(),
                "district_code": raw["lad19_code"].strip(),
                "district_name": raw["lad19_name"].strip(),
                "imd_score": parse_float(raw.get("imd_score", ""), name="IMD score"),
                "idaci_score": parse_float(raw.get("idaci_score", ""), name="IDACI score"),
                "idaci_rank": parse_int(raw.get("idaci_rank", ""), name="IDACI rank"),
                "idaci_decile": parse_int(raw.get("idaci_decile", ""), name="IDACI decile"),
            }
            for key, (snake, _official) in DOMAINS.items():
                rank = parse_int(raw.get(f"{snake}_rank", ""), name=f"{key} rank")
                decile = parse_int(raw.get(f"{snake}_decile", ""), name=f"{key} decile")
                if rank is not None and not 1 <= rank <= 32844:
                    raise ValueError(f"{key} rank out of range: {rank}")
                if decile is not None and not 1 <= decile <= 10:
                    raise ValueError(f"{key} decile out of range: {decile}")
                values[f"{key}_rank"] = rank
                values[f"{key}_decile"] = decile
            if values["imd_rank"] is None or values["imd_decile"] is None:
                raise ValueError("IMD rank and decile are required")
        except ValueError as exc:
            yield Rejected(line, str(exc), raw)
            continue
        for field, columns in OPTIONAL.items():
            if not any(c in raw for c in columns):
                del values[field]
        yield SourceRow(line, values)
