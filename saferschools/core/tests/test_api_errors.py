"""Robustness the schemathesis run found: an API URL that matches nothing answers JSON, and a
huge number in a filter is a 400, not a server error."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from saferschools.accounts.choices import Role
from saferschools.testing.builders import make_user

pytestmark = pytest.mark.django_db


def test_an_unmatched_api_url_answers_json_not_an_html_page():
    api = APIClient()
    api.force_authenticate(make_user(Role.INSPECTOR))
    response = api.delete("/api/casework/interventions/1.39e-185/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "url",
    [
        "/api/engagement/activities/?school=-1.992782352764449e%2B235",
        "/api/casework/concerns/?young_person=99999999999999999999999",
    ],
)
def test_a_huge_number_in_a_filter_is_a_400_not_a_server_error(url):
    api = APIClient()
    api.force_authenticate(make_user(Role.INSPECTOR))
    response = api.get(url)
    assert response.status_code == 400, response.content
