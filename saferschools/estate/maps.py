"""Maps drawn on the server as SVG (offline, no tiles, no JavaScript): district outlines with
their names, the coastline, a legend and a scale bar, with schools on top.

Outlines come from `geography.py` (a Voronoi of LSOA centroids dissolved by district, clipped
to the coast) and are computed once per loaded area, then kept as a file under `var/maps/`
(keyed by the area's districts and the source files, so loading another area makes new ones;
never in git). Where the public files are absent (the synthetic demo area) the outlines are
built from the area's own LSOA centroids in the database and clipped to their hull.

Every map is an `<svg role="img">` with a `<title>` and `<desc>`; each district is one
`<path class="district">` and has one `<text class="district-label">`; colours are presentation
attributes (the Content-Security-Policy forbids inline styles). The page beside a map gives
the same facts as a table or list, the map's text alternative.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from shapely.geometry.base import BaseGeometry

from . import geography as G

CENTROIDS = ("lookups", "lsoa11_england_centroids.csv.gz")
LAND = ("boundaries", "pcon2024_england_buc.geojson")
FORCES = ("force", "england_police_force_areas.csv.gz")
VERSION = "1"

INK = "#0b0c0c"
LAND_FILL = "#f3f2f1"
SEA = "#dbe9f6"
DISTRICT_FILLS = ("#e8f1f8", "#f4f8e8", "#fbf0e6", "#f2eaf6", "#e6f4f1", "#fdf3f7")
FOCUS_STROKE = "#505a5f"

_lock = threading.Lock()
_memo: dict[str, Any] = {}


@dataclass
class Outline:
    code: str
    name: str
    geom: BaseGeometry
    force: str = ""


@dataclass
class Point:
    x: float  # easting
    y: float  # northing
    label: str
    colour: str = "#1d70b8"
    attrs: dict[str, str] = field(default_factory=dict)
    css: str = "school"


@dataclass
class LegendItem:
    label: str
    kind: str  # "area" | "line" | "dot"
    colour: str
    stroke: str = FOCUS_STROKE


# ----------------------------------------------------------------------------- outlines


def _data_dir() -> Path:
    return Path(settings.SHARED_DATA_DIR)


def _cache_dir() -> Path:
    path = Path(settings.VAR_DIR) / "maps"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _source_key(*files: Path) -> str:
    parts = [VERSION]
    for f in files:
        if f.exists():
            st = f.stat()
            parts.append(f"{f.name}:{st.st_size}:{int(st.st_mtime)}")
    return "|".join(parts)


def _centroids() -> list[G.Centroid]:
    path = _data_dir().joinpath(*CENTROIDS)
    key = f"centroids:{path}"
    if key not in _memo:
        _memo[key] = G.read_centroids(path) if path.exists() else []
    return _memo[key]  # type: ignore[no-any-return]


def _constituencies() -> list[tuple[str, str, BaseGeometry]]:
    path = _data_dir().joinpath(*LAND)
    key = f"constituencies:{path}"
    if key not in _memo:
        _memo[key] = G.read_constituencies(path) if path.exists() else []
    return _memo[key]  # type: ignore[no-any-return]


def _land() -> BaseGeometry | None:
    key = "land"
    if key not in _memo:
        parts = _constituencies()
        _memo[key] = G.land_of(parts) if parts else None
    return _memo[key]


def constituency_names() -> dict[str, str]:
    """Constituency code -> name ({} without the public file)."""
    path = _data_dir().joinpath(*LAND)
    key = f"constituency-names:{path}"
    if key not in _memo:
        _memo[key] = G.constituency_names(path) if path.exists() else {}
    return _memo[key]  # type: ignore[no-any-return]


def context_outlines() -> list[Outline]:
    """England's constituencies (ONS, clipped to the coast): the recognisable land around a map."""
    return [Outline(code, name, geom) for code, name, geom in _constituencies()]


def memo(key: Any, build: Any) -> Any:
    """Keep a value (a drawn map that is the same for every user) for the process's life."""
    with _lock:
        if key not in _memo:
            _memo[key] = build()
        return _memo[key]


def _cached(name: str, key: str, build: Any) -> dict[str, BaseGeometry]:
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    memo_key = f"{name}:{digest}"
    with _lock:
        if memo_key in _memo:
            return _memo[memo_key]  # type: ignore[no-any-return]
        path = _cache_dir() / f"{name}-{digest}.json"
        if path.exists():
            try:
                geoms = G.from_geojson(json.loads(path.read_text()))
            except (ValueError, KeyError):
                geoms = None
            if geoms is not None:
                _memo[memo_key] = geoms
                return geoms
        geoms = build()
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(G.to_geojson(geoms)))
        tmp.replace(path)
        _memo[memo_key] = geoms
        return geoms  # type: ignore[no-any-return]


def area_outlines() -> dict[str, Outline]:
    """Outlines of every district of the loaded area that has LSOAs (the force's own and any
    other the register mentions), computed once and cached."""
    from .models import District, Lsoa

    districts = {d.code: d for d in District.objects.select_related("division__force")}
    if not districts:
        return {}
    codes = set(districts)
    england = _centroids()
    known = {c.district_code for c in england}
    real = bool(england) and codes <= known
    centroid_file = _data_dir().joinpath(*CENTROIDS)
    land_file = _data_dir().joinpath(*LAND)
    if real:
        key = "|".join(sorted(codes)) + "|" + _source_key(centroid_file, land_file)

        def build() -> dict[str, BaseGeometry]:
            return G.district_outlines(G.nearby(england, codes), land=_land(), keep=codes)

    else:
        rows = list(
            Lsoa.objects.filter(
                district_code__in=codes, latitude__isnull=False, longitude__isnull=False
            )
            .order_by("code")
            .values_list("code", "district_code", "district_name", "longitude", "latitude")
        )
        key = "db|" + hashlib.sha256(repr(rows).encode()).hexdigest()

        def build() -> dict[str, BaseGeometry]:
            xy = G.grid_points((r[3], r[4]) for r in rows)
            cs = [G.Centroid(r[0], r[1], r[2], x, y) for r, (x, y) in zip(rows, xy, strict=True)]
            return G.district_outlines(cs, land=None)

    geoms = _cached("area", key, build)
    return {
        code: Outline(
            code,
            districts[code].name,
            g,
            force=(
                districts[code].division.force.name
                if districts[code].division and districts[code].division.force_id
                else ""
            ),
        )
        for code, g in geoms.items()
        if code in districts
    }


def england_outlines() -> dict[str, Outline]:
    """Every district of England with its police force (needs the public files; {} without)."""
    england = _centroids()
    if not england:
        return {}
    centroid_file = _data_dir().joinpath(*CENTROIDS)
    land_file = _data_dir().joinpath(*LAND)
    geoms = _cached(
        "england",
        _source_key(centroid_file, land_file),
        lambda: G.district_outlines(england, land=_land()),
    )
    names = {c.district_code: c.district_name for c in england}
    forces = _district_forces()
    return {
        code: Outline(code, names.get(code, code), g, forces.get(code, ""))
        for code, g in geoms.items()
    }


def _district_forces() -> dict[str, str]:
    import csv
    import gzip
    import io

    path = _data_dir().joinpath(*FORCES)
    if not path.exists():
        return {}
    with io.TextIOWrapper(gzip.open(path), encoding="utf-8") as f:
        return {r["district_code"]: r["force"] for r in csv.DictReader(f)}


# ----------------------------------------------------------------------------- drawing


class _Frame:
    """Grid metres -> SVG pixels for a box of the map."""

    def __init__(self, bounds: tuple[float, float, float, float], width: int, pad: float) -> None:
        min_x, min_y, max_x, max_y = bounds
        span = max(max_x - min_x, max_y - min_y, 1.0)
        pad_m = span * pad
        self.min_x, self.max_y = min_x - pad_m, max_y + pad_m
        self.scale = width / ((max_x - min_x) + 2 * pad_m or 1.0)
        self.width = width
        self.height = round(((max_y - min_y) + 2 * pad_m) * self.scale)

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return round((x - self.min_x) * self.scale, 1), round((self.max_y - y) * self.scale, 1)

    def path(self, geom: BaseGeometry) -> str:
        g = geom.simplify(0.8 / self.scale, preserve_topology=True)
        out = []
        for poly in getattr(g, "geoms", [g]):
            if poly.geom_type != "Polygon":
                continue
            for ring in [poly.exterior, *poly.interiors]:
                coords = [self.xy(x, y) for x, y in ring.coords]
                if len(coords) < 4:
                    continue
                out.append("M" + "L".join(f"{x:g} {y:g}" for x, y in coords[:-1]) + "Z")
        return "".join(out)


def _colouring(districts: list[Outline]) -> dict[str, int]:
    """A colour index per district, different from every neighbour's (greedy, largest first)."""
    from shapely.strtree import STRtree

    geoms = [d.geom for d in districts]
    tree = STRtree(geoms)
    order = sorted(range(len(districts)), key=lambda i: -geoms[i].area)
    chosen: dict[int, int] = {}
    for i in order:
        near = tree.query(geoms[i].buffer(300), predicate="intersects")
        used = {chosen[j] for j in near if j in chosen and j != i}
        chosen[i] = next(k for k in range(len(DISTRICT_FILLS) + len(districts)) if k not in used)
    return {districts[i].code: k for i, k in chosen.items()}


def _label_point(geom: BaseGeometry) -> tuple[float, float]:
    polys = list(getattr(geom, "geoms", [geom]))
    largest = max(polys, key=lambda p: p.area)
    try:
        p = shapely.ops.polylabel(largest, tolerance=200)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - degenerate shapes: fall back to a point inside
        p = largest.representative_point()
    return p.x, p.y


def _legend(items: list[LegendItem], frame: _Frame, top: float, font: float) -> tuple[str, float]:
    out = []
    x, y = 8.0, top + 6
    row = font + 8
    for item in items:
        text_w = font * 0.55 * len(item.label) + 26
        if x + text_w > frame.width and x > 8:
            x, y = 8.0, y + row
        if item.kind == "area":
            out.append(
                f'<rect x="{x}" y="{y}" width="14" height="{font}" fill="{item.colour}" '
                f'stroke="{item.stroke}" stroke-width="1"/>'
            )
        elif item.kind == "line":
            out.append(
                f'<line x1="{x}" y1="{y + font / 2}" x2="{x + 14}" y2="{y + font / 2}" '
                f'stroke="{item.colour}" stroke-width="2"/>'
            )
        else:
            out.append(
                f'<circle cx="{x + 7}" cy="{y + font / 2}" r="4" fill="{item.colour}" '
                'stroke="#ffffff" stroke-width="1"/>'
            )
        out.append(
            f'<text x="{x + 19}" y="{y + font - 1}" font-size="{font}" fill="{INK}">'
            f"{escape(item.label)}</text>"
        )
        x += text_w + 10
    height = y + row - top + 4
    return (
        f'<g class="legend" aria-hidden="true"><rect x="0" y="{top}" width="{frame.width}" '
        f'height="{height}" fill="#ffffff"/>{"".join(out)}</g>',
        height,
    )


def _scale_bar(frame: _Frame, y: float, font: float) -> str:
    target = frame.width / 5 / frame.scale  # metres across a fifth of the map
    nice = 10 ** math.floor(math.log10(target))
    for m in (5, 2, 1):
        if m * nice <= target:
            nice *= m
            break
    px = nice * frame.scale
    label = f"{nice / 1000:g} km"
    return (
        f'<g class="scale-bar" transform="translate(10,{y})"><line x1="0" y1="0" x2="{px:.1f}" '
        f'y2="0" stroke="{INK}" stroke-width="2"/><line x1="0" y1="-4" x2="0" y2="4" '
        f'stroke="{INK}" stroke-width="1"/><line x1="{px:.1f}" y1="-4" x2="{px:.1f}" y2="4" '
        f'stroke="{INK}" stroke-width="1"/><text x="0" y="-6" font-size="{font}" '
        f'fill="{INK}">{label}</text></g>'
    )


def draw_map(
    *,
    key: str,
    title: str,
    description: str,
    districts: Iterable[Outline],
    context: Iterable[Outline] = (),
    groups: dict[str, list[str]] | None = None,
    points: Iterable[Point] = (),
    links: Iterable[tuple[float, float, float, float, str]] = (),
    legend: list[LegendItem] | None = None,
    width: int = 760,
    label_size: float = 12,
    highlight: set[str] | None = None,
    css: str = "",
) -> SafeString:
    """One SVG map: context outlines (grey land around), the districts (one path and one label
    each), optional thicker group borders (forces), lines between points (grid metres and a
    colour), points on top, a legend and a scale bar.

    Sizes are in SVG units; the SVG scales to the page width and keeps its proportions.
    """
    districts = list(districts)
    points = list(points)
    if not districts and not points:
        return mark_safe('<p class="govuk-body">No map: no district outlines are held.</p>')
    focus = [d.geom for d in districts] + [shapely.Point(p.x, p.y) for p in points]
    frame = _Frame(shapely.GeometryCollection(focus).bounds, width, 0.03)
    view = shapely.box(
        frame.min_x,
        frame.max_y - frame.height / frame.scale,
        frame.min_x + width / frame.scale,
        frame.max_y,
    )
    parts: list[str] = [
        f'<rect x="0" y="0" width="{width}" height="{frame.height}" fill="{SEA}"/>',
    ]
    shapely.prepare(view)
    ctx = [c for c in context if view.intersects(c.geom)]
    if ctx:
        parts.append('<g class="context">')
        around = view.buffer(1000)
        for c in ctx:
            parts.append(
                f'<path d="{frame.path(c.geom.intersection(around))}" '
                f'fill="{LAND_FILL}" stroke="#b1b4b6" stroke-width="0.6" fill-rule="evenodd">'
                f"<title>{escape(c.name)}</title></path>"
            )
        parts.append("</g>")
    parts.append('<g class="districts">')
    colours = _colouring(districts)
    for d in districts:
        fill = (
            "#cfe2f3"
            if highlight is not None and d.code in highlight
            else DISTRICT_FILLS[colours[d.code] % len(DISTRICT_FILLS)]
        )
        parts.append(
            f'<path class="district" data-code="{escape(d.code)}" data-name="{escape(d.name)}" '
            f'd="{frame.path(d.geom)}" fill="{fill}" stroke="{FOCUS_STROKE}" '
            f'stroke-width="{1 if label_size >= 9 else 0.4}" stroke-linejoin="round" '
            f'fill-rule="evenodd"><title>{escape(d.name)}</title></path>'
        )
    parts.append("</g>")
    if groups:
        parts.append('<g class="groups">')
        by_code = {d.code: d for d in districts}
        for name, codes in sorted(groups.items()):
            geoms = [by_code[c].geom for c in codes if c in by_code]
            if not geoms:
                continue
            merged = shapely.union_all(geoms, grid_size=1.0) if len(geoms) > 1 else geoms[0]
            parts.append(
                f'<path class="group" data-name="{escape(name)}" d="{frame.path(merged)}" '
                f'fill="none" stroke="{INK}" stroke-width="1.4" stroke-linejoin="round">'
                f"<title>{escape(name)}</title></path>"
            )
        parts.append("</g>")
    links = list(links)
    if links:
        parts.append('<g class="links">')
        for x1, y1, x2, y2, colour in links:
            (ax, ay), (bx, by) = frame.xy(x1, y1), frame.xy(x2, y2)
            parts.append(
                f'<line x1="{ax}" y1="{ay}" x2="{bx}" y2="{by}" stroke="{colour}" '
                'stroke-width="1" stroke-opacity="0.6"/>'
            )
        parts.append("</g>")
    if points:
        parts.append('<g class="points">')
        r = 4.5 if label_size >= 9 else 2.5
        for p in points:
            x, y = frame.xy(p.x, p.y)
            extra = "".join(f' {k}="{escape(v)}"' for k, v in p.attrs.items())
            parts.append(
                f'<circle class="{p.css}" cx="{x}" cy="{y}" r="{r}" fill="{p.colour}" '
                f'stroke="#ffffff" stroke-width="1"{extra}><title>{escape(p.label)}</title>'
                "</circle>"
            )
        parts.append("</g>")
    parts.append('<g class="labels" aria-hidden="true">')
    for d in districts:
        lx, ly = frame.xy(*_label_point(d.geom))
        parts.append(
            f'<text class="district-label" data-code="{escape(d.code)}" x="{lx}" y="{ly}" '
            f'font-size="{label_size}" font-weight="bold" text-anchor="middle" '
            f'dominant-baseline="middle" fill="{INK}" stroke="#ffffff" '
            f'stroke-width="{label_size / 4:.1f}" paint-order="stroke" stroke-linejoin="round">'
            f"{escape(d.name)}</text>"
        )
    parts.append("</g>")
    font = 12.0
    parts.append(_scale_bar(frame, frame.height - 12, font))
    items = legend or []
    legend_svg, legend_h = _legend(items, frame, frame.height, font) if items else ("", 0.0)
    height = frame.height + legend_h
    tid, did = f"{key}-title", f"{key}-desc"
    classes = f"ss-geo-map {css}".strip()
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" data-map="{escape(key)}" '
        f'viewBox="0 0 {width} {height:.0f}" width="100%" role="img" '
        f'aria-labelledby="{tid} {did}" focusable="false">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(description)}</desc>'
        + "".join(parts)
        + legend_svg
        + "</svg>"
    )


def default_legend(
    *, schools: bool = True, officers: bool = False, forces: bool = False
) -> list[LegendItem]:
    items = [LegendItem("District (name in bold)", "area", DISTRICT_FILLS[0])]
    if forces:
        items.append(LegendItem("Police force boundary", "line", INK))
    else:
        items.append(LegendItem("Neighbouring area (constituencies)", "area", LAND_FILL, "#b1b4b6"))
    items.append(LegendItem("Sea", "area", SEA, SEA))
    if schools:
        items.append(
            LegendItem(
                "School (colour: its named officer)" if officers else "Secondary-phase school",
                "dot",
                "#1d70b8",
            )
        )
    return items
