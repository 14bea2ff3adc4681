"""Every English force's planning instance, straight from the national public files.

Reads (``shared/data``, see SOURCES.md): ``force/england_police_force_areas.csv.gz`` (every
district's force and stand-in division; a force's own ``force/<name>_areas.csv`` overrides its
rows), ``gias/edubase_england_*.csv`` (Windows-1252; schools by ``DistrictAdministrative``),
``iod2019/iod2019_ranks_deciles_england_lsoa.csv``. Schools that get a named officer follow
:mod:`saferschools.estate.rules` (or a force's chosen groups).

Officer numbers: :func:`read_officer_numbers` reads a CSV ``force,constables,sergeants``
(sergeants optional); :func:`with_officers` applies them, or shares a national total by demand.
"""

from __future__ import annotations

import csv
import gzip
import io
import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO

from saferschools.estate.rules import NAMED_OFFICER_GROUPS

from . import loaders
from .errors import InvalidInputError
from .model import District, Instance, Lsoa, PlanSettings, School
from .national import sergeants_needed, share_national_total


def _open(path: Path, encoding: str) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def _rows(path: Path, encoding: str = "utf-8-sig") -> Iterator[dict[str, str]]:
    with _open(path, encoding) as f:
        yield from csv.DictReader(f)


def area_rows(data: Path) -> list[dict[str, str]]:
    """The national areas with each force's own file overriding its stand-in divisions."""
    national = [
        {k: v.strip() for k, v in r.items()}
        for r in _rows(data / "force" / "england_police_force_areas.csv.gz")
    ]
    own: dict[str, list[dict[str, str]]] = {}
    for path in sorted((data / "force").glob("*_areas.csv")):
        for r in _rows(path):
            own.setdefault(r["force"].strip(), []).append({k: v.strip() for k, v in r.items()})
    return [r for r in national if r["force"] not in own] + [
        r for rows in own.values() for r in rows
    ]


def england_forces(
    data: str | os.PathLike[str], groups: frozenset[str] = NAMED_OFFICER_GROUPS
) -> dict[str, Instance]:
    """Force name -> its Instance (no officers yet): districts, schools, IoD2019 LSOAs."""
    root = Path(data)
    areas = area_rows(root)
    force_of = {r["district_code"]: r["force"] for r in areas}
    districts: dict[str, list[District]] = {}
    for r in areas:
        districts.setdefault(r["force"], []).append(
            District(r["district_code"], r["district_name"], r["area"])
        )
    gias = next(iter(sorted((root / "gias").glob("edubase_england*.csv"))), None)
    if gias is None:
        raise InvalidInputError(f"No England GIAS file (gias/edubase_england*.csv) in {root}.")
    rule = loaders.rule_for(groups)

    def district_of(row: Mapping[str, str]) -> str | None:
        code = row.get("DistrictAdministrative (code)", "").strip()
        return code if code in force_of else None

    schools, _ = loaders.schools_from_gias(_rows(gias, "cp1252"), district_of, rule)
    lsoas = loaders.lsoas_from_iod2019(
        _rows(root / "iod2019" / "iod2019_ranks_deciles_england_lsoa.csv"),
        lambda r: r["lad19_code"].strip() if r["lad19_code"].strip() in force_of else None,
    )
    by_force_schools: dict[str, list[School]] = {}
    for s in schools:
        by_force_schools.setdefault(force_of[s.district], []).append(s)
    by_force_lsoas: dict[str, list[Lsoa]] = {}
    for lsoa in lsoas:
        by_force_lsoas.setdefault(force_of[lsoa.district], []).append(lsoa)
    out = {}
    for force, ds in sorted(districts.items()):
        mine = by_force_schools.get(force, [])
        with_schools = {s.district for s in mine}
        out[force] = Instance(
            tuple(d for d in ds if d.code in with_schools),
            tuple(mine),
            0,
            0,
            tuple(by_force_lsoas.get(force, [])),
        )
    return out


def read_officer_numbers(path: str | os.PathLike[str]) -> dict[str, tuple[int, int | None]]:
    """``force,constables[,sergeants]`` rows of a CSV file; errors name the line."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return parse_officer_numbers(f.read(), str(path))
    except OSError as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc.strerror}.") from None


def parse_officer_numbers(text: str, source: str = "the file") -> dict[str, tuple[int, int | None]]:
    """``force,constables[,sergeants]`` rows of CSV text (an upload); errors name the line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or not {"force", "constables"} <= {
        (h or "").strip().lower() for h in reader.fieldnames
    }:
        raise InvalidInputError(
            f"{source}: the first line must name the columns force,constables (and optionally "
            "sergeants)."
        )
    out: dict[str, tuple[int, int | None]] = {}
    for line, raw in enumerate(reader, start=2):
        r = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        force = r.get("force", "").strip()
        if not force:
            raise InvalidInputError(f"{source}, line {line}: no force named.")
        try:
            constables = int(r.get("constables", "").strip())
            sergeants_text = r.get("sergeants", "").strip()
            sergeants = int(sergeants_text) if sergeants_text else None
        except ValueError:
            raise InvalidInputError(
                f"{source}, line {line}: constables and sergeants must be whole numbers."
            ) from None
        if constables < 0 or (sergeants is not None and sergeants < 0):
            raise InvalidInputError(f"{source}, line {line}: numbers cannot be negative.")
        if force in out:
            raise InvalidInputError(f"{source}, line {line}: {force} is named twice.")
        out[force] = (constables, sergeants)
    return out


def with_officers(
    forces: Mapping[str, Instance],
    settings: PlanSettings,
    numbers: Mapping[str, tuple[int, int | None]] | None = None,
    national_constables: int | None = None,
) -> dict[str, Instance]:
    """Each force's Instance with its constables and sergeants (see module docstring)."""
    if numbers:
        unknown = sorted(set(numbers) - set(forces))
        if unknown:
            raise InvalidInputError(
                f"Officer numbers for forces not in the areas file: {', '.join(unknown)}."
            )
        missing = sorted(set(forces) - set(numbers))
        if missing:
            raise InvalidInputError(
                f"No officer numbers for {len(missing)} force(s): {', '.join(missing[:5])}..."
            )
        constables = {f: numbers[f][0] for f in forces}
    elif national_constables:
        constables = share_national_total(forces, national_constables, settings)
    else:
        raise InvalidInputError("Give officer numbers per force or a national total.")
    out = {}
    for name, inst in forces.items():
        with_c = replace(inst, constables=constables[name])
        given = numbers[name][1] if numbers else None
        if given is None:
            # Sergeants: what the divisions need for the constables a plain Webster share gives.
            rough = _rough_split(with_c)
            given = sergeants_needed(with_c, rough, settings)
        out[name] = replace(with_c, sergeants=given)
    return out


def _rough_split(instance: Instance) -> dict[str, int]:
    """Constables per district in proportion to schools (for counting sergeants only)."""
    counts: dict[str, int] = {}
    for s in instance.schools:
        counts[s.district] = counts.get(s.district, 0) + 1
    total = sum(counts.values()) or 1
    return {d: round(instance.constables * n / total) for d, n in counts.items()}
