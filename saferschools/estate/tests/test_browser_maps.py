"""Issue 16, screenshot checks: a plan map and the England map, drawn from the real public
files (ONS LSOA centroids and constituency outlines), have one outline per district and a
label for each, and what Chromium paints shows them (not a blank box)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.browser, pytest.mark.realdata, pytest.mark.django_db]

KENT = {
    "E07000112": "Folkestone and Hythe",
    "E07000108": "Dover",
    "E07000114": "Thanet",
}


def _paint(page, svg: str, path) -> dict[tuple[int, int, int], int]:  # noqa: ANN001
    """Colours Chromium paints for the SVG (as a screenshot), counted."""
    from PIL import Image

    page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    png = page.locator("svg").screenshot(path=str(path))
    img = Image.open(io.BytesIO(png)).convert("RGB")
    return {c: n for n, c in img.getcolors(maxcolors=1 << 20)}


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_plan_map_has_an_outline_and_a_label_per_district(page, shared_data, tmp_path):
    from saferschools.allocation.charts import plan_map
    from saferschools.estate import maps as M
    from saferschools.testing.builders import make_district

    for code, name in KENT.items():
        d = make_district(name)
        d.code = code
        d.save()
    schools = [
        {"urn": "1", "name": "Dover school", "easting": 631500, "northing": 141500},
        {"urn": "2", "name": "Margate school", "easting": 635000, "northing": 170500},
        {"urn": "3", "name": "Folkestone school", "easting": 622500, "northing": 136000},
    ]
    doc = {
        "districts": [{"code": c, "name": n} for c, n in KENT.items()],
        "schools": [{"urn": s["urn"], "officer": f"P{s['urn']}"} for s in schools],
        "officers": [
            {"id": f"P{s['urn']}", "district": "", "schools": [s["urn"]], "base": s["urn"]}
            for s in schools
        ],
    }
    with override_settings(SHARED_DATA_DIR=shared_data, VAR_DIR=tmp_path):
        M._memo.clear()
        svg = str(plan_map(doc, {"instance": {"schools": schools}}))
    outlines = re.findall(r'<path class="district" data-code="([^"]+)"', svg)
    labels = re.findall(r'<text class="district-label" data-code="([^"]+)"[^>]*>([^<]+)<', svg)
    assert sorted(outlines) == sorted(KENT)
    assert sorted(labels) == sorted(KENT.items())
    assert svg.count('<circle class="school"') == 3 and 'class="legend"' in svg
    painted = _paint(page, svg, tmp_path / "plan-map.png")
    assert painted.get(_hex(M.SEA), 0) > 1000  # the sea east of Thanet and Dover
    fills = [_hex(c) for c in M.DISTRICT_FILLS]
    assert sum(1 for f in fills if painted.get(f, 0) > 500) >= 2  # neighbours differ


def test_england_map_has_an_outline_and_a_label_per_district(client, page, shared_data, tmp_path):
    from saferschools.accounts.choices import Role
    from saferschools.estate import maps as M
    from saferschools.testing.builders import make_user

    client.force_login(make_user(Role.INSPECTOR))
    with override_settings(SHARED_DATA_DIR=shared_data):
        html = client.get("/maps/england/").content.decode()
        names = {o.code: o.name for o in M.england_outlines().values()}
    svg = re.search(r'<svg[^>]*class="ss-geo-map[^"]*".*?</svg>', html, re.S).group(0)
    outlines = re.findall(r'<path class="district" data-code="([^"]+)"', svg)
    labels = dict(
        re.findall(r'<text class="district-label" data-code="([^"]+)"[^>]*>([^<]+)<', svg)
    )
    assert len(outlines) == len(set(outlines)) == 317 == len(labels)
    assert {c: n.replace("&#x27;", "'").replace("&amp;", "&") for c, n in labels.items()} == names
    assert len(re.findall(r'<path class="group"', svg)) == 39  # the police forces
    painted = _paint(page, svg, tmp_path / "england-map.png")
    assert painted.get(_hex(M.SEA), 0) > 10_000
    assert sum(painted.get(_hex(c), 0) for c in M.DISTRICT_FILLS) > 50_000
