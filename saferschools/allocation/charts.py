"""Inline SVG drawn on the server (works offline, no JavaScript, no external tiles):

* `plan_map` — the plan's district outlines and names (`estate.maps`), and every school as a
  circle at its British National Grid position, coloured by its named officer (colours repeat
  between districts, never within one), with a thin line from each school to its patch's base
  school so patches read as groups;
* `workload_chart` — one bar per officer, grouped by district, with the district's tolerance
  band behind each bar (bars outside the band are red).

Each SVG has role="img", a <title> and a <desc>, and a <title> per mark; the page gives a
table with the same figures as the text alternative. Colours are presentation attributes (the
Content-Security-Policy forbids inline style attributes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: 13 distinguishable colours (Medway, the largest district, has 13 officers).
PALETTE = (
    "#1d70b8",
    "#d4351c",
    "#00703c",
    "#f47738",
    "#4c2c92",
    "#b58840",
    "#28a197",
    "#d53880",
    "#0b0c0c",
    "#85994b",
    "#912b88",
    "#5694ca",
    "#6f777b",
)


@dataclass(frozen=True)
class MapPoint:
    urn: str
    name: str
    district: str
    officer: str
    colour: str
    x: float
    y: float


def officer_colours(doc: dict[str, Any]) -> dict[str, str]:
    """Officer id -> colour, distinct within each district."""
    by_district: dict[str, list[str]] = defaultdict(list)
    for o in doc.get("officers", []):
        by_district[o["district"]].append(o["id"])
    out = {}
    for ids in by_district.values():
        for i, officer in enumerate(sorted(ids)):
            out[officer] = PALETTE[i % len(PALETTE)]
    return out


def plan_map(
    doc: dict[str, Any],
    inputs: dict[str, Any],
    width: int = 760,
    officer_names: dict[str, str] | None = None,
) -> SafeString:
    """The plan on a map: its districts' outlines and names, the coast and neighbouring land,
    each school coloured by its named officer with a line to the officer's base school."""
    from saferschools.estate import maps as M

    schools = {s["urn"]: s for s in inputs.get("instance", {}).get("schools", [])}
    assignment = {s["urn"]: s["officer"] for s in doc.get("schools", [])}
    colours = officer_colours(doc)
    names = officer_names or {}
    located = [schools[u] for u in assignment if u in schools]
    if not located:
        return mark_safe('<p class="govuk-body">No school locations are held for this plan.</p>')
    base = {}
    for o in doc.get("officers", []):
        for u in o["schools"]:
            base[u] = o.get("base")
    points, links = [], []
    for urn in sorted(assignment):
        s = schools.get(urn)
        if s is None:
            continue
        officer = assignment[urn]
        colour = colours.get(officer, "#505a5f")
        b = schools.get(base.get(urn) or "")
        if b is not None and b["urn"] != urn:
            links.append((s["easting"], s["northing"], b["easting"], b["northing"], colour))
        who = names.get(officer, officer)
        points.append(
            M.Point(
                s["easting"],
                s["northing"],
                f"{s['name']} ({urn}): named officer {who}",
                colour=colour,
                attrs={"data-urn": str(urn), "data-officer": str(officer)},
            )
        )
    outlines = M.area_outlines()
    codes = [d["code"] for d in doc.get("districts", [])]
    shown = [outlines[c] for c in codes if c in outlines]
    return M.draw_map(
        key="plan-map",
        title=f"Map of {len(points)} schools in {len(shown)} districts, coloured by their "
        "named officer",
        description="District outlines with their names, the coast and neighbouring land; "
        "each circle is a secondary-phase school at its grid position; schools with the same "
        "colour in one district share a named officer, and thin lines join each school to its "
        "officer's base school. Colours repeat between districts. The table below lists every "
        "school and its officer.",
        districts=shown,
        context=[*M.context_outlines(), *(o for c, o in outlines.items() if c not in codes)],
        points=points,
        links=links,
        legend=M.default_legend(officers=True),
        width=width,
        css="ss-plan-map",
    )


def workload_chart(
    officers: list[dict[str, Any]],
    bands: dict[str, list[float]],
    district_names: dict[str, str],
    width: int = 760,
    title: str = "Workload of each officer against the tolerance band",
) -> SafeString:
    rows = sorted(officers, key=lambda o: (district_names.get(o["district"], ""), o["id"]))
    if not rows:
        return mark_safe('<p class="govuk-body">No officers.</p>')
    label_w, row_h, top = 230, 14, 24
    top_value = max([o["workload"] for o in rows] + [b[1] for b in bands.values() if b] + [1.0])
    plot_w = width - label_w - 50
    scale = plot_w / top_value
    height = top + row_h * len(rows) + 20
    parts = []
    for i, o in enumerate(rows):
        y = top + i * row_h
        lo, hi = bands.get(o["district"], [0.0, top_value])
        outside = o["workload"] > hi + 1e-6 or o["workload"] < lo - 1e-6
        label = f"{district_names.get(o['district'], o['district'])} · {o.get('name') or o['id']}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 10}" text-anchor="end" font-size="11">'
            f"{escape(label)}</text>"
            f'<rect class="band" x="{label_w + lo * scale:.1f}" y="{y}" '
            f'width="{max(0.0, (hi - lo) * scale):.1f}" height="{row_h - 1}" fill="#cce2d8"/>'
            f'<rect class="bar{" bar--warn" if outside else ""}" x="{label_w}" y="{y + 3}" '
            f'width="{o["workload"] * scale:.1f}" height="{row_h - 7}" '
            f'fill="{"#d4351c" if outside else "#1d70b8"}"><title>'
            f"{escape(label)}: workload {o['workload']:.2f}, band {lo:.2f} to {hi:.2f}"
            f"{' (outside the band)' if outside else ''}</title></rect>"
            f'<text x="{label_w + o["workload"] * scale + 4:.1f}" y="{y + 10}" font-size="10">'
            f"{o['workload']:.1f}</text>"
        )
    ticks = []
    step = 1 if top_value <= 12 else 2
    v = 0
    while v <= top_value:
        x = label_w + v * scale
        ticks.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" '
            f'stroke="#b1b4b6" stroke-width="0.5"/><text x="{x:.1f}" y="{top - 8}" '
            f'font-size="10" text-anchor="middle">{v}</text>'
        )
        v += step
    desc = (
        "One bar per officer (workload points: 1 per school, plus 1 per 1,000 pupils, plus 2 "
        "per 1,000 pupils on free school meals). The green band behind each bar is the "
        "district's mean plus or minus the tolerance; a red bar is outside it."
    )
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="workload-title '
        f'workload-desc" class="ss-workload-chart"><title id="workload-title">{escape(title)}'
        f'</title><desc id="workload-desc">{escape(desc)}</desc>{"".join(ticks)}'
        f"{''.join(parts)}</svg>"
    )
