"""Loading an area: every public file found in a folder, in the order the joins need."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .importers import (
    ImportSummary,
    import_census_age,
    import_force_areas,
    import_gias,
    import_iod,
    import_lsoa_centroids,
    import_stop_search,
    import_street_crime,
)
from .models import Force, LsoaDeprivation
from .sources.base import ProgressFn


class AreaError(Exception):
    pass


def _pick(files: list[Path], england: bool) -> Path | None:
    """Of several extracts of one source, the local one unless England is asked for."""
    if not files:
        return None
    local = [f for f in files if "england" not in f.name.lower()]
    national = [f for f in files if "england" in f.name.lower()]
    if england and national:
        return national[0]
    return (local or national)[0]


def discover(data_dir: str | os.PathLike[str], *, england: bool = False) -> dict[str, list[Path]]:
    """Find each source's files under `data_dir` by their published names."""
    root = Path(data_dir)
    if not root.is_dir():
        raise AreaError(f"{root} is not a folder")
    every = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.name.lower().endswith((".csv", ".zip", ".csv.gz"))
    )

    def named(*needles: str) -> list[Path]:
        return [p for p in every if all(n in p.name.lower() for n in needles)]

    found: dict[str, list[Path]] = {
        "force_areas": [p for p in named("areas") if "police" in p.name.lower()],
        "iod": [],
        "centroids": [],
        "census": [],
        "gias": [],
        "street": named("street"),
        "stop_search": named("stop-and-search") + named("stop_and_search"),
    }
    iod = _pick(named("iod2019") + named("imd2019") + named("file_7"), england)
    gias = _pick(named("edubase") + named("gias", "establishment"), england)
    centroids = _pick(named("lsoa11", "centroid"), england)
    census = _pick(named("census"), england)
    found["iod"] = [iod] if iod else []
    found["gias"] = [gias] if gias else []
    found["centroids"] = [centroids] if centroids else []
    found["census"] = [census] if census else []
    return found


def _read_areas(path: Path) -> list[dict[str, str]]:
    from .sources.base import read_csv

    return [
        {k: v.strip() for k, v in row.items()}
        for _, row in read_csv(
            path, encoding="utf-8-sig", required=("force", "area", "district_code", "district_name")
        )
    ]


def force_slug(force: str) -> str:
    """police.uk's name for a force in its file names: "Kent Police" -> "kent",
    "Avon and Somerset Constabulary" -> "avon-and-somerset", "Metropolitan Police Service" ->
    "metropolitan"."""
    name = force.lower()
    for tail in (" police service", " constabulary", " police"):
        name = name.removesuffix(tail)
    return name.replace(" ", "-")


@dataclass
class ForceAreas:
    """Which areas file gives each force's divisions, and the districts it covers."""

    files: dict[Path, set[str]]  # areas file -> forces read from it
    districts: set[str]
    district_names: set[str]
    forces: set[str]


def force_areas(files: list[Path], forces: set[str] | None) -> ForceAreas:
    """The areas to load for `forces` (None: every force in the files).

    The national file (england_police_force_areas) maps every English district to its force
    with stand-in divisions; a force's own areas file (e.g. kent_police_areas.csv) overrides
    them for that force. Unknown force names are an error listing the known ones."""
    national = [f for f in files if "england" in f.name.lower()]
    local = [f for f in files if f not in national]
    rows_of = {f: _read_areas(f) for f in files}
    own: dict[str, Path] = {}
    for f in local:
        for r in rows_of[f]:
            own.setdefault(r["force"], f)
    known = {r["force"] for f in files for r in rows_of[f]}
    if forces is not None:
        missing = sorted(forces - known)
        if missing:
            raise AreaError(
                f"No force called {', '.join(missing)} in the areas files. Forces: "
                + ", ".join(sorted(known))
            )
    wanted = known if forces is None else forces
    chosen: dict[Path, set[str]] = {}
    for force in sorted(wanted):
        path = own.get(force) or next(
            (f for f in national if any(r["force"] == force for r in rows_of[f])), None
        )
        if path is not None:
            chosen.setdefault(path, set()).add(force)
    codes: set[str] = set()
    names: set[str] = set()
    for path, fs in chosen.items():
        for r in rows_of[path]:
            if r["force"] in fs:
                codes.add(r["district_code"])
                names.add(r["district_name"])
    return ForceAreas(chosen, codes, names, set(wanted))


def _districts_of_las(gias: Path, la_names: set[str]) -> tuple[set[str], set[str]]:
    codes, names = set(), set()
    wanted = {n.lower() for n in la_names}
    with open(gias, encoding="cp1252", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("LA (name)", "").strip().lower() in wanted and row.get(
                "DistrictAdministrative (code)"
            ):
                codes.add(row["DistrictAdministrative (code)"].strip())
                names.add(row.get("DistrictAdministrative (name)", "").strip())
    return codes, names


def area_load(
    *,
    data_dir: str | os.PathLike[str],
    la_names: set[str] | None = None,
    england: bool = False,
    forces: set[str] | None = None,
    progress_for: Callable[[str], ProgressFn] | None = None,
    on_summary: Callable[[ImportSummary], None] | None = None,
) -> list[ImportSummary]:
    """Load everything found in `data_dir` for the chosen area.

    The area is one of: police forces by name (`forces`; the national files, filtered to those
    forces' districts: nothing of another force is loaded), all of England (`england` without
    `la_names`: every force), some local authorities (`la_names`), or, by default, the local
    extracts as they are. A force's own areas file overrides the national stand-in divisions.

    Order: force areas → IoD2019 → LSOA centroids → Census → GIAS (links schools to 2011
    LSOAs within their own district) → police.uk crime → stop and search (only the loaded
    forces' files). Each file is its own transaction.
    """
    by_force = bool(forces) or (england and not la_names)
    files = discover(data_dir, england=england or by_force)
    if not files["gias"]:
        raise AreaError(f"no GIAS establishment file (edubase*.csv) under {data_dir}")
    district_codes = district_names = None
    lsoa_codes: set[str] | None = None
    areas: ForceAreas | None = None
    if by_force:
        areas = force_areas(files["force_areas"], forces or None)
        district_codes, district_names = areas.districts, areas.district_names
    elif la_names:
        district_codes, district_names = _districts_of_las(files["gias"][0], la_names)
        if not district_codes:
            raise AreaError(
                "none of the local authorities " + ", ".join(sorted(la_names)) + " is in "
                f"{files['gias'][0].name}"
            )
    summaries: list[ImportSummary] = []

    def done(s: ImportSummary) -> None:
        summaries.append(s)
        if on_summary:
            on_summary(s)

    def prog(name: str) -> ProgressFn | None:
        return progress_for(name) if progress_for else None

    loaded_forces: set[str] = set()
    if areas is not None:
        for path, fs in areas.files.items():
            done(import_force_areas(path, forces=fs))
        loaded_forces = areas.forces
    else:
        for f in files["force_areas"]:
            if "england" in f.name.lower() and district_codes is None:
                continue  # the national file only with a force, England or chosen districts
            done(import_force_areas(f, district_codes=district_codes))
        loaded_forces = set(
            Force.objects.filter(divisions__districts__isnull=False).values_list("name", flat=True)
        )
    for f in files["iod"]:
        done(import_iod(f, district_codes=district_codes, progress=prog("IoD2019")))
    for f in files["centroids"]:
        done(
            import_lsoa_centroids(f, progress=prog("LSOA centroids"), district_codes=district_codes)
        )
    if district_codes is not None:
        lsoa_codes = set(
            LsoaDeprivation.objects.filter(district_code__in=district_codes).values_list(
                "lsoa_code", flat=True
            )
        )
    for f in files["census"]:
        done(
            import_census_age(
                f,
                district_names=district_names,
                progress=prog("Census 2021"),
                lsoa_codes=lsoa_codes,
            )
        )
    done(
        import_gias(
            files["gias"][0],
            la_names=la_names if not by_force else None,
            district_codes=district_codes if by_force else None,
            progress=prog("GIAS"),
        )
    )
    slugs = {force_slug(f) for f in loaded_forces}

    def ours(path: Path) -> bool:
        return any(f"-{slug}-" in path.name.lower() for slug in slugs)

    street = [f for f in files["street"] if ours(f)]
    if street:
        done(import_street_crime(street, progress=prog("police.uk crime")))
    for force in sorted(loaded_forces):
        mine = [f for f in files["stop_search"] if f"-{force_slug(force)}-" in f.name.lower()]
        if mine:
            done(import_stop_search(mine, force=force, progress=prog("stop and search")))
    return summaries


# --------------------------------------------------------------------------- contact details

CONTACT_FIELDS = (
    "headteacher_name",
    "contact_email",
    "contact_phone",
    "contact_address",
    "dsl_name",
    "dsl_email",
    "dsl_phone",
)


def establishment_contacts_update(
    *, establishment: Any, acting_user: Any, request: Any = None, **fields: str
) -> Any:
    """Record a school's contact details: the office address letters to the headteacher go
    to, and its safeguarding lead. The force (inspector, co-ordinator, administrator, the
    school's officers) or the school's own headteacher and DSL may, for a school in their scope.
    The change is audited with the fields that changed (not their values)."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction
    from django.utils import timezone

    from saferschools.accounts.audit import audit_record
    from saferschools.accounts.scope import schools_visible_to

    if not schools_visible_to(acting_user).filter(pk=establishment.pk).exists():
        raise PermissionDenied("You cannot change this school's contact details.")
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    changed = [k for k, v in fields.items() if getattr(establishment, k) != v]
    for k in changed:
        setattr(establishment, k, fields[k])
    if not changed:
        return establishment
    establishment.contact_source = "school" if getattr(acting_user, "school_id", None) else "force"
    establishment.contact_updated_at = timezone.now()
    with transaction.atomic():
        establishment.save(update_fields=[*changed, "contact_source", "contact_updated_at"])
        audit_record(
            user=acting_user,
            action="change",
            obj=establishment,
            purpose="Recording a school's contact details",
            request=request,
            details={"fields": changed},
        )
    return establishment
