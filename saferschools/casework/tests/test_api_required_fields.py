"""A missing or malformed field on the API is a 400 naming it, never a server error (issue 12,
item 6: POST /api/casework/young-people/ without `sen` raised a TypeError)."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.test import APIClient

from saferschools.testing.builders import verified_login

from ..api.serializers import payload
from .helpers import make_world

pytestmark = pytest.mark.django_db

CHILD = {
    "first_name": "Amira",
    "last_name": "Khan",
    "date_of_birth": "2011-03-14",
    "year_group": 9,
    "sex": "female",
    "ethnicity": "asian_pakistani",
    "fsm": "yes",
    "sen": "sen_support",
    "looked_after": "no",
    "lawful_basis": "law_enforcement",
}


@pytest.mark.parametrize("missing", ["sen", "fsm", "ethnicity", "looked_after", "year_group"])
def test_creating_a_young_person_without_a_field_is_a_400_naming_it(missing):
    w = make_world()
    client = APIClient()
    verified_login(client, w.officer)
    body = {**CHILD, "school": w.school.pk}
    del body[missing]
    response = client.post("/api/casework/young-people/", body, format="json")
    assert response.status_code == 400, response.content
    assert missing in response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [("sen", "maybe"), ("date_of_birth", "2011-02-30"), ("year_group", "nine"), ("sen", None)],
)
def test_a_malformed_field_is_a_400_naming_it(field, value):
    w = make_world()
    client = APIClient()
    verified_login(client, w.officer)
    response = client.post(
        "/api/casework/young-people/",
        {**CHILD, "school": w.school.pk, field: value},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_service_argument_the_request_lacks_is_a_validation_error_not_a_type_error():
    class Body(serializers.Serializer):
        name = serializers.CharField(required=False)

    def create(*, acting_user, name, colour, request=None):  # noqa: ANN001, ANN202
        return name, colour

    serializer = Body(data={"name": "x"})
    assert serializer.is_valid()
    with pytest.raises(serializers.ValidationError) as refused:
        payload(serializer, for_fn=create)
    assert set(refused.value.detail) == {"colour"}
