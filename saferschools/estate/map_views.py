"""Map pages: the force, one district, England. Views parse, read and render; the drawing is in
`maps.py` and the outlines in `geography.py`."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from saferschools.core.pages import HOME, section

from . import maps as M
from . import selectors
from .models import District

#: The maps' section: Home › Maps (the force's map), then a district's or England's.
MAPS = section(("Maps", "estate:map_force"))


def school_points(schools: Any) -> list[M.Point]:
    return [
        M.Point(
            s.easting,
            s.northing,
            f"{s.name} ({s.urn})",
            attrs={"data-urn": str(s.urn)},
        )
        for s in schools
        if s.easting is not None and s.northing is not None
    ]


@login_required
def map_force(request: HttpRequest) -> HttpResponse:
    outlines = M.area_outlines()
    force_districts = {
        d.code: d
        for d in District.objects.filter(division__isnull=False).select_related("division")
    }
    shown = [
        o
        for code, o in sorted(outlines.items(), key=lambda kv: kv[1].name)
        if code in force_districts
    ]
    schools = list(
        selectors.establishment_list(user=request.user)
        .secondary_phase()
        .filter(district__code__in=force_districts)
    )
    force = shown[0].force if shown else ""
    svg = M.draw_map(
        key="force-map",
        title=f"Map of {force or 'the force'}: its {len(shown)} districts and "
        f"{len(schools)} secondary-phase schools",
        description="District outlines (from the ONS LSOA centroids, clipped to the coast) with "
        "each district's name; grey land around is the neighbouring constituencies. Each dot "
        "is a secondary-phase school you can see. The table below lists the districts.",
        districts=shown,
        context=M.context_outlines(),
        points=school_points(schools),
        legend=M.default_legend(),
    )
    by_district: dict[str, int] = defaultdict(int)
    for s in schools:
        by_district[s.district.code] += 1
    return HOME.page(
        request,
        "estate/map_force.html",
        "Maps",
        {
            "svg": svg,
            "force": force,
            "rows": [(o, force_districts[o.code], by_district.get(o.code, 0)) for o in shown],
        },
    )


@login_required
def map_district(request: HttpRequest, code: str) -> HttpResponse:
    district = District.objects.filter(code=code).select_related("division").first()
    outlines = M.area_outlines()
    if district is None:
        raise Http404("No district with that code.")
    schools = list(
        selectors.establishment_list(user=request.user).secondary_phase().filter(district=district)
    )
    neighbours = [o for c, o in outlines.items() if c != code]
    svg = M.draw_map(
        key="district-map",
        title=f"Map of {district.name} and its {len(schools)} secondary-phase schools",
        description=f"The outline of {district.name} with its neighbouring districts and the "
        "coast; each dot is a secondary-phase school you can see, listed in the table below.",
        districts=[outlines[code]] if code in outlines else [],
        context=[*M.context_outlines(), *neighbours],
        points=school_points(schools),
        legend=M.default_legend(),
    )
    return MAPS.page(
        request,
        "estate/map_district.html",
        f"Map of {district.name}",
        {"svg": svg, "district": district, "schools": schools},
        (district.name, None),
    )


@login_required
def map_england(request: HttpRequest) -> HttpResponse:
    outlines = M.england_outlines()
    loaded = set(District.objects.filter(division__isnull=False).values_list("code", flat=True))
    forces: dict[str, list[str]] = defaultdict(list)
    for o in outlines.values():
        forces[o.force or "No force"].append(o.code)
    shown = sorted(outlines.values(), key=lambda o: o.name)
    # The same for every user: drawn once per loaded force and kept in memory.
    key = ("england-svg", tuple(sorted(loaded)), len(shown))
    svg = M.memo(
        key,
        lambda: M.draw_map(
            key="england-map",
            title=f"Map of England's {len(shown)} districts and {len(forces)} police forces",
            description="Every local authority district of England with its name, police "
            "force boundaries drawn thicker; the districts of the loaded force are shaded blue. "
            "The list below names each force's districts.",
            districts=shown,
            groups=dict(forces),
            legend=[
                *M.default_legend(schools=False, forces=True),
                M.LegendItem("This force's districts", "area", "#cfe2f3"),
            ],
            width=1000,
            label_size=4,
            highlight=loaded,
        ),
    )
    return MAPS.page(
        request,
        "estate/map_england.html",
        "Map of England",
        {
            "svg": svg,
            "forces": sorted(
                (name, sorted(outlines[c].name for c in codes)) for name, codes in forces.items()
            ),
            "has_data": bool(outlines),
        },
        ("England", None),
    )
