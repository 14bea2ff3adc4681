"""Turn plain rows (dicts, e.g. from ``csv.DictReader``) into engine objects.

No file reading here: the caller opens the files (GIAS downloads are Windows-1252)
and passes the rows. Column names are those of the GIAS establishment download and of
the IoD2019 / force-areas CSVs described in ``shared/data/SOURCES.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from saferschools.estate import rules as estate_rules

from .model import District, Lsoa, School


def is_secondary_phase(phase: str, type_name: str, type_group: str = "") -> bool:
    """The programme's default rule, owned by the estate app (plain Python, so the engine stays
    free of Django): secondary, all-through, PRU/AP, state and independent special schools."""
    return estate_rules.is_secondary_phase(phase, type_name, type_group)


def rule_for(groups: frozenset[str]) -> Callable[[str, str, str], bool]:
    """The rule for a force's own choice of establishment groups (``PlanningRules``)."""

    def rule(phase: str, type_name: str, type_group: str = "") -> bool:
        return estate_rules.gets_named_officer(phase, type_name, type_group, groups=groups)

    return rule


def is_in_scope(
    row: Mapping[str, str],
    rule: Callable[..., bool] = is_secondary_phase,
) -> bool:
    """An open establishment (GIAS row) that gets a named officer under
    ``rule(phase, type_name, type_group)``."""
    if row.get("EstablishmentStatus (name)", "Open").strip() != "Open":
        return False
    phase = row.get("PhaseOfEducation (name)", "")
    type_name = row.get("TypeOfEstablishment (name)", "")
    type_group = row.get("EstablishmentTypeGroup (name)", "")
    return bool(rule(phase, type_name, type_group))


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(float(value)) if value else None


def _float(value: str | None) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def school_from_gias(row: Mapping[str, str], district: str) -> School | None:
    """One GIAS row as a :class:`School` in ``district``; ``None`` without coordinates."""
    easting, northing = _float(row.get("Easting")), _float(row.get("Northing"))
    if easting is None or northing is None:
        return None
    return School(
        urn=row["URN"].strip(),
        name=row["EstablishmentName"].strip(),
        district=district,
        easting=easting,
        northing=northing,
        pupils=_int(row.get("NumberOfPupils")),
        fsm_percent=_float(row.get("PercentageFSM")),
        lsoa=(row.get("LSOA (code)") or "").strip() or None,
    )


def schools_from_gias(
    rows: Iterable[Mapping[str, str]],
    district_of: Callable[[Mapping[str, str]], str | None],
    rule: Callable[..., bool] = is_secondary_phase,
) -> tuple[list[School], list[str]]:
    """In-scope schools and a list of what was skipped and why.

    ``district_of(row)`` gives the planning area (e.g. the row's
    ``DistrictAdministrative (code)`` if it is one of the force's districts, or its
    ``LA (code)``); ``None`` leaves the school out (outside the force).
    """
    schools: list[School] = []
    skipped: list[str] = []
    for row in rows:
        if not is_in_scope(row, rule):
            continue
        label = f"{row.get('EstablishmentName', '?')} ({row.get('URN', '?')})"
        district = district_of(row)
        if district is None:
            skipped.append(f"{label}: not in any planning area")
            continue
        school = school_from_gias(row, district)
        if school is None:
            skipped.append(f"{label}: no Easting/Northing")
            continue
        schools.append(school)
    return schools, skipped


def lsoas_from_iod2019(
    rows: Iterable[Mapping[str, str]],
    district_of: Callable[[Mapping[str, str]], str | None] | None = None,
) -> list[Lsoa]:
    """IoD2019 LSOA rows as :class:`Lsoa` (district = ``lad19_code`` unless mapped)."""
    out = []
    for row in rows:
        district = district_of(row) if district_of else row["lad19_code"].strip()
        if district is None:
            continue
        out.append(
            Lsoa(
                code=row["lsoa11_code"].strip(),
                district=district,
                imd_rank=int(float(row["index_of_multiple_deprivation_imd_rank"])),
                crime_rank=int(float(row["crime_rank"])),
            )
        )
    return out


def districts_from_force_areas(rows: Iterable[Mapping[str, str]]) -> list[District]:
    """``force/kent_police_areas.csv`` rows as districts (division = the area)."""
    return [
        District(
            code=r["district_code"].strip(),
            name=r["district_name"].strip(),
            division=r["area"].strip(),
        )
        for r in rows
    ]
