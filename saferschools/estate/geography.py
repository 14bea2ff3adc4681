"""District outlines from public data, without a district boundary file (plain Python, shapely).

No district (local authority) boundary file was obtained, but two public files together give a
good likeness: every LSOA's population-weighted centroid with its district (ONS, 32,844 LSOAs
in England) and England's parliamentary constituencies clipped to the coastline (ONS BUC).

Business rules (see docs/decisions/160-maps-from-lsoa-centroids.md):
- each LSOA gets the land nearer its centroid than any other's (a Voronoi cell); a district is
  the union of its LSOAs' cells, clipped to the land (the union of the constituencies), so the
  coast is the real coast and inland borders run half-way between neighbouring LSOAs;
- the cells are built from every LSOA near the area, not only the area's own, so an area's
  outer border is shared with its real neighbours rather than running out to sea;
- everything is computed in British National Grid metres (EPSG:27700), simplified to
  `SIMPLIFY_M` for the web (the outlines are a likeness at a few hundred metres, not a legal
  boundary; the pages say so).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPoint, Point, box, shape
from shapely.geometry.base import BaseGeometry

#: Tolerance of the simplified outlines, metres.
SIMPLIFY_M = 120.0
#: How far beyond an area LSOAs are taken into its Voronoi, metres.
MARGIN_M = 25_000.0


@dataclass(frozen=True)
class Centroid:
    code: str
    district_code: str
    district_name: str
    x: float  # easting, metres (BNG)
    y: float  # northing, metres (BNG)


def _to_grid() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def grid_points(lonlat: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """WGS84 longitude/latitude pairs to British National Grid eastings/northings."""
    pairs = list(lonlat)
    if not pairs:
        return []
    xs, ys = _to_grid().transform([p[0] for p in pairs], [p[1] for p in pairs])
    return list(zip(xs, ys, strict=True))


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8")  # type: ignore[return-value]
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115


def read_centroids(path: Path) -> list[Centroid]:
    """The ONS LSOA 2011 centroid file (plain or gzip CSV: lsoa11_code, lad19_code, lad19_name,
    longitude, latitude), in grid metres."""
    with _open_text(path) as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if r.get("longitude") not in (None, "") and r.get("latitude") not in (None, "")
        ]
    xy = grid_points((float(r["longitude"]), float(r["latitude"])) for r in rows)
    return [
        Centroid(r["lsoa11_code"], r["lad19_code"], r["lad19_name"], x, y)
        for r, (x, y) in zip(rows, xy, strict=True)
    ]


def read_constituencies(path: Path) -> list[tuple[str, str, BaseGeometry]]:
    """The constituency outlines (GeoJSON, WGS84) as (code, name, outline) in grid metres."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    transformer = _to_grid()
    out = []
    for feature in doc["features"]:
        props = feature.get("properties") or {}
        geom = shapely.transform(
            shape(feature["geometry"]), lambda c: _transform_coords(transformer, c)
        )
        out.append((props.get("pcon24_code", ""), props.get("pcon24_name", ""), geom))
    return out


def constituency_names(path: Path) -> dict[str, str]:
    """Constituency code -> name, from the same GeoJSON (no geometry work)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {
        (f.get("properties") or {}).get("pcon24_code", ""): (f.get("properties") or {}).get(
            "pcon24_name", ""
        )
        for f in doc["features"]
    }


def land_of(constituencies: list[tuple[str, str, BaseGeometry]]) -> BaseGeometry:
    """England's land: the union of the constituency outlines."""
    return shapely.make_valid(shapely.union_all([g for _, _, g in constituencies]))


def read_land(path: Path) -> BaseGeometry:
    return land_of(read_constituencies(path))


def _transform_coords(transformer: Any, coords: Any) -> Any:
    import numpy as np

    xs, ys = transformer.transform(coords[:, 0], coords[:, 1])
    return np.column_stack([xs, ys])


def district_outlines(
    centroids: list[Centroid],
    *,
    land: BaseGeometry | None = None,
    keep: set[str] | None = None,
    simplify_m: float = SIMPLIFY_M,
) -> dict[str, BaseGeometry]:
    """District code -> outline: the union of its LSOAs' Voronoi cells, clipped to the land.

    `keep` limits the districts returned (the cells still come from every centroid given, so
    borders with neighbours are right). Without `land` the outlines are clipped to the hull of
    the centroids grown by 2 km (a synthetic area has no coastline).
    """
    if not centroids:
        return {}
    points = MultiPoint([(c.x, c.y) for c in centroids])
    wanted = keep if keep is not None else {c.district_code for c in centroids}
    area = shapely.unary_union(
        [Point(c.x, c.y) for c in centroids if c.district_code in wanted]
    ).envelope.buffer(MARGIN_M)
    clip = land if land is not None else points.convex_hull.buffer(2_000)
    clip = clip.intersection(area) if land is not None else clip
    cells = shapely.voronoi_polygons(
        points, extend_to=box(*area.buffer(MARGIN_M).bounds), ordered=True
    )
    by_district: dict[str, list[BaseGeometry]] = defaultdict(list)
    for c, cell in zip(centroids, cells.geoms, strict=True):
        if c.district_code in wanted:
            by_district[c.district_code].append(cell)
    out: dict[str, BaseGeometry] = {}
    for code, parts in by_district.items():
        outline = shapely.coverage_union_all(parts).intersection(clip)
        outline = shapely.make_valid(outline.simplify(simplify_m, preserve_topology=True))
        polys = [g for g in getattr(outline, "geoms", [outline]) if g.geom_type == "Polygon"]
        # Drop specks left by clipping (islets smaller than a hectare or two).
        polys = [p for p in polys if p.area > 20_000] or polys
        if polys:
            out[code] = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
    return out


def nearby(
    centroids: list[Centroid], codes: set[str], margin_m: float = MARGIN_M
) -> list[Centroid]:
    """The centroids of the given districts and every other centroid within `margin_m` of them."""
    own = [c for c in centroids if c.district_code in codes]
    if not own:
        return []
    min_x = min(c.x for c in own) - margin_m
    max_x = max(c.x for c in own) + margin_m
    min_y = min(c.y for c in own) - margin_m
    max_y = max(c.y for c in own) + margin_m
    return [c for c in centroids if min_x <= c.x <= max_x and min_y <= c.y <= max_y]


def to_geojson(geoms: dict[str, BaseGeometry], digits: int = 0) -> dict[str, Any]:
    """Outlines as a plain dict (GeoJSON-like geometries, grid metres, rounded)."""
    return {
        code: json.loads(shapely.to_geojson(shapely.set_precision(g, 10**-digits if digits else 1)))
        for code, g in geoms.items()
    }


def from_geojson(doc: dict[str, Any]) -> dict[str, BaseGeometry]:
    return {code: shape(g) for code, g in doc.items()}
