"""Issue 16: the public search finds a school by its town or district too (the register has
no postcodes; the page says so and offers every school district by district)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from saferschools.testing.builders import make_district, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(shared_data):  # noqa: ANN001
    swale = make_district("Swale")
    thanet = make_district("Thanet")
    return {
        "sheppey": make_school(swale, name="Westlands School", constituency_code="E14001474"),
        "margate": make_school(thanet, name="Hartsdown Academy", constituency_code="E14001216"),
        "other": make_school(thanet, name="Royal Harbour Academy", constituency_code=""),
    }


def _names(client, q: str) -> list[str]:
    html = client.get(reverse("frontdoor:find"), {"q": q}).content.decode()
    return sorted(n for n in ("Westlands", "Hartsdown", "Royal Harbour") if n in html)


def test_search_by_town_in_the_constituency_name_or_by_district(client, places, shared_data):
    with override_settings(SHARED_DATA_DIR=shared_data):
        assert _names(client, "Sittingbourne") == ["Westlands"]  # Sittingbourne and Sheppey
        assert _names(client, "thanet") == ["Hartsdown", "Royal Harbour"]  # the district
        assert _names(client, "Hartsdown") == ["Hartsdown"]


def test_the_page_says_there_are_no_postcodes_and_lists_schools_by_district(client, places):
    page = client.get(reverse("frontdoor:find"), {"q": "CT9 3HR"}).content.decode()
    assert "We found no school" in page and "we do not hold schools' postcodes" in page
    listing = client.get(reverse("frontdoor:districts")).content.decode()
    assert listing.index("Swale") < listing.index("Westlands") < listing.index("Thanet")
    assert reverse("frontdoor:school", args=[places["margate"].urn]) in listing
