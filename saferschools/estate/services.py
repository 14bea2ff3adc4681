"""Loading an area: every public file found in a folder, in the order the joins need."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
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
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in {".csv", ".zip"}
    )

    def named(*needles: str) -> list[Path]:
        return [p for p in every if all(n in p.name.lower() for n in needles)]

    found: dict[str, list[Path]] = {
        "force_areas": [p for p in named("areas") if "police" in p.name.lower()],
        "iod": [],
        "centroids": named("lsoa11", "centroid"),
        "census": named("census"),
        "gias": [],
        "street": named("street"),
        "stop_search": named("stop-and-search") + named("stop_and_search"),
    }
    iod = _pick(named("iod2019") + named("imd2019") + named("file_7"), england)
    gias = _pick(named("edubase") + named("gias", "establishment"), england)
    found["iod"] = [iod] if iod else []
    found["gias"] = [gias] if gias else []
    return found


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
    progress_for: Callable[[str], ProgressFn] | None = None,
    on_summary: Callable[[ImportSummary], None] | None = None,
) -> list[ImportSummary]:
    """Load everything found in `data_dir` for the chosen local authorities (default: all).

    Order: force areas → IoD2019 → LSOA centroids → Census → GIAS (links schools to 2011
    LSOAs) → police.uk crime → stop and search. Each file is its own transaction.
    """
    files = discover(data_dir, england=england)
    if not files["gias"]:
        raise AreaError(f"no GIAS establishment file (edubase*.csv) under {data_dir}")
    district_codes = district_names = None
    if la_names:
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

    for f in files["force_areas"]:
        done(import_force_areas(f))
    for f in files["iod"]:
        done(import_iod(f, district_codes=district_codes, progress=prog("IoD2019")))
    for f in files["centroids"]:
        done(import_lsoa_centroids(f, progress=prog("LSOA centroids")))
    for f in files["census"]:
        done(import_census_age(f, district_names=district_names, progress=prog("Census 2021")))
    done(import_gias(files["gias"][0], la_names=la_names, progress=prog("GIAS")))
    if files["street"]:
        done(import_street_crime(files["street"], progress=prog("police.uk crime")))
    if files["stop_search"]:
        done(import_stop_search(files["stop_search"], progress=prog("stop and search")))
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
