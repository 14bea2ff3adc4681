"""The map pages stand in the Maps section: Home › Maps, then the district or England, the
last crumb without a link (GOV.UK breadcrumbs); a district the user cannot see is not found."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.estate import maps as M
from saferschools.testing.builders import make_school, make_user, verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_client(client, tmp_path):
    verified_login(client, make_user(Role.INSPECTOR))
    with override_settings(SHARED_DATA_DIR=tmp_path / "none", VAR_DIR=tmp_path):
        M._memo.clear()
        yield client
    M._memo.clear()


def test_each_map_page_names_its_place_in_the_maps_section(inspector_client):
    school = make_school()
    code = school.district.code
    home, maps = reverse("core:home"), reverse("estate:map_force")

    force = inspector_client.get(maps)
    district = inspector_client.get(reverse("estate:map_district", args=[code]))
    england = inspector_client.get(reverse("estate:map_england"))

    assert [r.status_code for r in (force, district, england)] == [200, 200, 200]
    assert force.context["breadcrumbs"] == [("Home", home), ("Maps", None)]
    assert district.context["page_title"] == f"Map of {school.district.name}"
    assert district.context["breadcrumbs"] == [
        ("Home", home),
        ("Maps", maps),
        (school.district.name, None),
    ]
    assert england.context["page_title"] == "Map of England"
    assert england.context["breadcrumbs"] == [("Home", home), ("Maps", maps), ("England", None)]


def test_an_unknown_district_is_not_found(inspector_client):
    assert (
        inspector_client.get(reverse("estate:map_district", args=["E99999999"])).status_code == 404
    )
