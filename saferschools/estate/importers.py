"""Importers: the real public files into the estate tables.

Each importer is one transaction (a failed import leaves the database as it was), is
idempotent (natural keys; re-running updates, never duplicates), streams the file, and returns
an `ImportSummary`: rows read, created, updated, unchanged, rejected, with the first rejected
rows' line numbers and reasons. By default any rejected row fails the import (`max_rejected=0`);
`max_rejected=None` keeps going and reports them.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db import models, transaction

from saferschools.core.bulk import chunks

from .models import (
    District,
    Division,
    Establishment,
    Force,
    Lsoa,
    LsoaDeprivation,
    LsoaPopulation,
    RecordedCrime,
    StopSearch,
)
from .sources import Rejected, SourceError, SourceRow
from .sources.areas import parse_force_areas, parse_lsoa_centroids
from .sources.base import ProgressFn
from .sources.census import parse_census_age
from .sources.gias import parse_gias
from .sources.iod import parse_iod
from .sources.policeuk import parse_stop_search, parse_street_crime

BATCH = 2000
SHOW_REJECTED = 10


class ImportFailed(Exception):
    """The import was rolled back. `summary` says what was read before it stopped."""

    def __init__(self, message: str, summary: ImportSummary):
        super().__init__(message)
        self.summary = summary


@dataclass
class ImportSummary:
    source: str
    path: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    first_rejected: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def reject(self, r: Rejected) -> None:
        self.rejected += 1
        if len(self.first_rejected) < SHOW_REJECTED:
            self.first_rejected.append((r.line, r.reason))

    def as_dict(self) -> dict[str, Any]:
        rejected = [{"line": ln, "reason": why} for ln, why in self.first_rejected]
        return asdict(self) | {"first_rejected": rejected}

    def as_text(self) -> str:
        out = [
            f"{self.source}: {self.read:,} rows read, {self.created:,} created, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged, {self.rejected:,} rejected"
        ]
        out += [f"  rejected line {ln}: {why}" for ln, why in self.first_rejected]
        out += [f"  {n}" for n in self.notes]
        return "\n".join(out)


def _rows(
    summary: ImportSummary,
    stream: Iterable[SourceRow | Rejected],
    max_rejected: int | None,
) -> Iterator[SourceRow]:
    for item in stream:
        summary.read += 1
        if isinstance(item, Rejected):
            summary.reject(item)
            continue
        yield item
    if max_rejected is not None and summary.rejected > max_rejected:
        first = summary.first_rejected[0]
        raise ImportFailed(
            f"{summary.path}: {summary.rejected} row(s) rejected, first at line {first[0]}: "
            f"{first[1]}. Nothing was imported. Fix the file, or import with --keep-going "
            "to load the valid rows.",
            summary,
        )


def _upsert(
    model: type[models.Model],
    key: tuple[str, ...],
    rows: Iterable[SourceRow],
    summary: ImportSummary,
    *,
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    """Create or update rows of `model` by natural `key`, in batches."""
    first = key[0]
    for chunk in chunks(rows, BATCH):
        values_list = [prepare(dict(r.values)) if prepare else dict(r.values) for r in chunk]
        # The last row of a key wins within a file (the same key twice is an update).
        by_key: dict[tuple[Any, ...], dict[str, Any]] = {}
        for v in values_list:
            by_key[tuple(v[k] for k in key)] = v
        existing = {
            tuple(getattr(o, k) for k in key): o
            for o in model.objects.filter(**{f"{first}__in": {k[0] for k in by_key}})  # type: ignore[attr-defined]
        }
        to_create, to_update, changed_fields = [], [], set()
        for k, v in by_key.items():
            obj = existing.get(k)
            if obj is None:
                to_create.append(model(**v))
                continue
            diff = [f for f, val in v.items() if _differs(getattr(obj, f), val)]
            if diff:
                for f in diff:
                    setattr(obj, f, v[f])
                changed_fields.update(diff)
                to_update.append(obj)
            else:
                summary.unchanged += 1
        summary.unchanged += len(values_list) - len(by_key)
        if to_create:
            model.objects.bulk_create(to_create, batch_size=500)  # type: ignore[attr-defined]
            summary.created += len(to_create)
        if to_update:
            model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)  # type: ignore[attr-defined]
            summary.updated += len(to_update)


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, float) and isinstance(new, float):
        return not math.isclose(current, new, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(current, Decimal) and new is not None:
        try:
            return current != Decimal(str(new))
        except ArithmeticError:
            return True
    if current is not None and new is not None and type(current) is not type(new):
        try:
            return type(current)(new) != current
        except (TypeError, ValueError):
            return True
    return current != new


@contextmanager
def _importing(summary: ImportSummary) -> Iterator[None]:
    """One import in one transaction: a file its parser cannot read fails whole, and says so."""
    try:
        with transaction.atomic():
            yield
    except SourceError as exc:
        raise ImportFailed(f"{exc}. Nothing was imported.", summary) from exc


# --- force areas ---------------------------------------------------------------------------


def import_force_areas(
    path: str | os.PathLike[str],
    *,
    forces: set[str] | None = None,
    district_codes: set[str] | None = None,
) -> ImportSummary:
    """Force → division → district from an areas file (only `forces` / `district_codes`)."""
    summary = ImportSummary("Force areas", str(path))
    with _importing(summary):
        rows = parse_force_areas(path, forces=forces, district_codes=district_codes)
        for row in _rows(summary, rows, 0):
            v = row.values
            force, _ = Force.objects.get_or_create(name=v["force"])
            division, _ = Division.objects.get_or_create(force=force, name=v["division"])
            district, created = District.objects.get_or_create(
                code=v["district_code"],
                defaults={"name": v["district_name"], "division": division},
            )
            if created:
                summary.created += 1
            elif district.name != v["district_name"] or district.division_id != division.pk:
                district.name = v["district_name"]
                district.division = division
                district.save(update_fields=["name", "division"])
                summary.updated += 1
            else:
                summary.unchanged += 1
    return summary


# --- IoD2019 ---------------------------------------------------------------------------------


def import_iod(
    path: str | os.PathLike[str],
    *,
    district_codes: set[str] | None = None,
    progress: ProgressFn | None = None,
    max_rejected: int | None = 0,
) -> ImportSummary:
    summary = ImportSummary("IoD2019 deprivation", str(path))
    with _importing(summary):
        rows = _rows(
            summary,
            parse_iod(path, district_codes=district_codes, progress=progress),
            max_rejected,
        )
        _upsert(LsoaDeprivation, ("lsoa_code",), rows, summary)
    return summary


def import_lsoa_centroids(
    path: str | os.PathLike[str],
    *,
    progress: ProgressFn | None = None,
    district_codes: set[str] | None = None,
) -> ImportSummary:
    summary = ImportSummary("LSOA 2011 centroids", str(path))
    with _importing(summary):
        parsed = parse_lsoa_centroids(path, progress=progress, district_codes=district_codes)
        rows = _rows(summary, parsed, 0)
        _upsert(Lsoa, ("code",), rows, summary, prepare=lambda v: {**v, "vintage": 2011})
    return summary


# --- Census 2021 -------------------------------------------------------------------------------


def import_census_age(
    path: str | os.PathLike[str],
    *,
    district_names: set[str] | None = None,
    progress: ProgressFn | None = None,
    max_rejected: int | None = 0,
    lsoa_codes: set[str] | None = None,
) -> ImportSummary:
    summary = ImportSummary("Census 2021 population by age", str(path))
    with _importing(summary):
        parsed = parse_census_age(
            path, district_names=district_names, progress=progress, lsoa_codes=lsoa_codes
        )
        rows = _rows(summary, parsed, max_rejected)
        _upsert(LsoaPopulation, ("lsoa_code", "age_group"), rows, summary)
    return summary


# --- GIAS --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _bng_to_wgs84() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def bng_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """British National Grid (EPSG:27700) metres to WGS84 latitude, longitude."""
    lon, lat = _bng_to_wgs84().transform(easting, northing)
    return round(lat, 6), round(lon, 6)


def import_gias(
    path: str | os.PathLike[str],
    *,
    la_names: set[str] | None = None,
    progress: ProgressFn | None = None,
    max_rejected: int | None = 0,
    encoding: str = "cp1252",
    district_codes: set[str] | None = None,
) -> ImportSummary:
    """Establishments from a GIAS download; districts created from DistrictAdministrative.
    `district_codes` keeps only the establishments in those districts (one force's)."""
    summary = ImportSummary("GIAS establishments", str(path))
    districts = {d.code: d for d in District.objects.all()}

    def prepare(v: dict[str, Any]) -> dict[str, Any]:
        code, name = v.pop("district_code"), v.pop("district_name")
        district = None
        if code:
            district = districts.get(code)
            if district is None:
                district = District.objects.create(code=code, name=name or code)
                districts[code] = district
        v["district"] = district
        if v["easting"] is not None and v["northing"] is not None:
            v["latitude"], v["longitude"] = bng_to_latlon(v["easting"], v["northing"])
        else:
            v["latitude"] = v["longitude"] = None
        return v

    with _importing(summary):
        rows = _rows(
            summary,
            parse_gias(
                path,
                la_names=la_names,
                progress=progress,
                encoding=encoding,
                district_codes=district_codes,
            ),
            max_rejected,
        )
        _upsert(Establishment, ("urn",), rows, summary, prepare=prepare)
        link = link_establishment_lsoas()
        summary.notes.append(link)
    return summary


#: How far from a school a 2011 LSOA centroid of its own district may be for a 2021-only LSOA
#: to fall back to it (km). Farther than that, a person places the school.
NEAREST_CENTROID_MAX_KM = 5.0


def link_establishment_lsoas(max_km: float = NEAREST_CENTROID_MAX_KM) -> str:
    """Join each school's 2021 LSOA to a 2011 LSOA for IoD2019, never outside its district.

    Business rule (decision 143): GIAS carries 2021 LSOA codes, IoD2019 uses 2011 codes. Most
    codes did not change between censuses, so an exact code match is used first, when that
    LSOA lies in the school's own local authority district. A 2021-only code falls back to the
    nearest 2011 LSOA centroid *of the same district* within `max_km` of the school. Anything
    else (no coordinates, no district, nothing near enough, or a code that belongs to another
    district) is left unlinked and flagged `needs_placing` for a person to place: the plan then
    gives the school its district's mean deprivation and says so.
    """
    iod = LsoaDeprivation.objects.values("lsoa_code")
    if not iod.exists():
        return "LSOA link: no IoD2019 data loaded yet; schools not linked to deprivation"
    lsoa_district = dict(LsoaDeprivation.objects.values_list("lsoa_code", "district_code"))
    centroids: dict[str, list[tuple[str, float, float]]] = {}
    for c, district, lat, lon in Lsoa.objects.filter(vintage=2011, code__in=iod).values_list(
        "code", "district_code", "latitude", "longitude"
    ):
        if lat is not None and lon is not None:
            centroids.setdefault(lsoa_district.get(c, district), []).append(
                (c, math.radians(lat), math.radians(lon))
            )
    counts: Counter[str] = Counter()
    flagged: list[str] = []
    changed = []
    rows = Establishment.objects.select_related("district").only(
        "id",
        "urn",
        "name",
        "lsoa_code",
        "lsoa11_code",
        "lsoa11_match",
        "latitude",
        "longitude",
        "district__code",
    )
    for est in rows.iterator(chunk_size=2000):
        home = est.district.code if est.district_id else None
        code, how = "", "needs_placing"
        if est.lsoa_code and lsoa_district.get(est.lsoa_code) == home and home:
            code, how = est.lsoa_code, "exact"
        elif home and est.latitude is not None and est.longitude is not None:
            lat, lon = math.radians(est.latitude), math.radians(est.longitude)
            best = min(
                centroids.get(home, ()),
                key=lambda c: (c[1] - lat) ** 2 + ((c[2] - lon) * math.cos(lat)) ** 2,
                default=None,
            )
            if best is not None:
                km = 6371.0 * math.hypot(best[1] - lat, (best[2] - lon) * math.cos(lat))
                if km <= max_km:
                    code, how = best[0], "nearest_centroid"
        if how == "needs_placing" and not est.lsoa_code and not home:
            how = "unmatched"  # not in any district of the area: nothing to place it by
        counts[how] += 1
        if how == "needs_placing" and len(flagged) < 10:
            flagged.append(f"{est.name} ({est.urn})")
        if est.lsoa11_code != code or est.lsoa11_match != how:
            est.lsoa11_code, est.lsoa11_match = code, how
            changed.append(est)
    Establishment.objects.bulk_update(changed, ["lsoa11_code", "lsoa11_match"], batch_size=500)
    text = (
        f"LSOA link (2021→2011, within each school's own district): {counts['exact']:,} exact "
        f"code matches, {counts['nearest_centroid']:,} by nearest 2011 centroid within "
        f"{max_km:g} km, {counts['needs_placing']:,} flagged for a person to place, "
        f"{counts['unmatched']:,} without a district"
    )
    if flagged:
        text += " (first flagged: " + "; ".join(flagged) + ")"
    return text


# --- police.uk -----------------------------------------------------------------------------------


def import_street_crime(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: ProgressFn | None = None,
    max_rejected: int | None = None,
) -> ImportSummary:
    """Street-level crime counted by LSOA, month and type. Rows without an LSOA (crimes
    police.uk could not place) are counted as rejected and skipped, as published."""
    paths = list(paths)
    summary = ImportSummary("police.uk street crime", ", ".join(str(p) for p in paths))
    counts: Counter[tuple[str, Any, str]] = Counter()
    falls: dict[tuple[str, Any, str], str] = {}
    with _importing(summary):
        for path in paths:
            for row in _rows(summary, parse_street_crime(path, progress=progress), None):
                v = row.values
                k = (v["lsoa_code"], v["month"], v["crime_type"])
                counts[k] += 1
                falls[k] = v["falls_within"]
        if max_rejected is not None and summary.rejected > max_rejected:
            raise ImportFailed(f"{summary.rejected} rows rejected", summary)
        aggregated = (
            SourceRow(
                0,
                {
                    "lsoa_code": k[0],
                    "month": k[1],
                    "crime_type": k[2],
                    "count": n,
                    "falls_within": falls[k],
                },
            )
            for k, n in counts.items()
        )
        _upsert(RecordedCrime, ("lsoa_code", "month", "crime_type"), aggregated, summary)
    return summary


def import_stop_search(
    paths: Iterable[str | os.PathLike[str]],
    *,
    force: str = "Kent Police",
    progress: ProgressFn | None = None,
    max_rejected: int | None = 0,
) -> ImportSummary:
    paths = list(paths)
    summary = ImportSummary("police.uk stop and search", ", ".join(str(p) for p in paths))
    with _importing(summary):
        for path in paths:
            rows = _rows(
                summary, parse_stop_search(path, force=force, progress=progress), max_rejected
            )
            _upsert(StopSearch, ("force", "month", "row_key"), rows, summary)
    return summary


# --- a synthetic area (the demonstration) -----------------------------------------------------


@dataclass
class SyntheticArea:
    """A made-up area as rows for the estate tables (`saferschools.demo.area` builds one).
    Every neighbourhood code starts "X", so a reload replaces its neighbourhoods wholesale."""

    force: str
    #: (division, district code, district name)
    districts: list[tuple[str, str, str]] = field(default_factory=list)
    lsoas: list[dict[str, Any]] = field(default_factory=list)
    deprivation: list[dict[str, Any]] = field(default_factory=list)
    population: list[dict[str, Any]] = field(default_factory=list)
    #: URN -> the establishment's columns, its district given by "district_code"
    schools: dict[int, dict[str, Any]] = field(default_factory=dict)


def import_synthetic_area(area: SyntheticArea) -> ImportSummary:
    """The area's force (marked synthetic), divisions and districts; its neighbourhoods, in place
    of the synthetic ones loaded before (they have no dependants); its establishments by URN,
    then each school joined to its 2011 LSOA as for the real register."""
    summary = ImportSummary("Synthetic area", area.force)
    with _importing(summary):
        force, _ = Force.objects.update_or_create(name=area.force, defaults={"is_synthetic": True})
        districts: dict[str, District] = {}
        for division_name, code, name in area.districts:
            division, _ = Division.objects.get_or_create(force=force, name=division_name)
            districts[code], _ = District.objects.update_or_create(
                code=code, defaults={"name": name, "division": division}
            )
        neighbourhoods: tuple[tuple[type[models.Model], str, list[dict[str, Any]]], ...] = (
            (Lsoa, "code", area.lsoas),
            (LsoaDeprivation, "lsoa_code", area.deprivation),
            (LsoaPopulation, "lsoa_code", area.population),
        )
        for model, code_field, rows in neighbourhoods:
            model.objects.filter(**{f"{code_field}__startswith": "X"}).delete()  # type: ignore[attr-defined]
            model.objects.bulk_create([model(**r) for r in rows], batch_size=500)  # type: ignore[attr-defined]
            summary.created += len(rows)

        def place(v: dict[str, Any]) -> dict[str, Any]:
            v["district"] = districts[v.pop("district_code")]
            return v

        schools = (SourceRow(0, {"urn": urn, **v}) for urn, v in area.schools.items())
        _upsert(Establishment, ("urn",), schools, summary, prepare=place)
        summary.notes.append(link_establishment_lsoas())
    return summary
