from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_district, make_school, make_user


@pytest.fixture
def api(db):
    client = APIClient()
    client.force_authenticate(make_user(Role.INSPECTOR))
    return client


def test_schema_is_served(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "openapi" in body and "/api/schools/" in body and "/api/districts/" in body


def test_schools_are_paged_and_filtered_by_district_and_phase(api):
    a, b = make_district("Alpha"), make_district("Beta")
    for i in range(3):
        make_school(a, name=f"Alpha Secondary {i}")
    make_school(a, name="Alpha Primary", phase="Primary", school_group="primary")
    make_school(b, name="Beta Secondary")
    data = api.get("/api/schools/", {"district": a.code}).json()
    assert data["count"] == 4 and "results" in data
    data = api.get("/api/schools/", {"district": a.code, "phase": "secondary"}).json()
    assert {s["name"] for s in data["results"]} == {f"Alpha Secondary {i}" for i in range(3)}
    data = api.get("/api/schools/", {"secondary_phase": "true", "district": b.code}).json()
    assert [s["name"] for s in data["results"]] == ["Beta Secondary"]


def test_districts_count_secondary_phase_schools(api):
    a = make_district("Gamma")
    make_school(a)
    make_school(a, phase="Primary", school_group="primary")
    rows = {d["code"]: d for d in api.get("/api/districts/").json()["results"]}
    assert rows[a.code]["secondary_phase_schools"] == 1


def test_api_needs_authentication(db):
    assert APIClient().get("/api/schools/").status_code in (401, 403)
