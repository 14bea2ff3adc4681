"""A missing or malformed field on the API is a 400 naming it, never a server error (issue 12,
item 6: POST /api/casework/young-people/ without `sen` raised a TypeError)."""

from __future__ import annotations

import inspect

import pytest
from rest_framework.test import APIClient

from saferschools.engagement.registry import KINDS as ENGAGEMENT_KINDS
from saferschools.testing.builders import verified_login

from ..registry import KINDS as CASEWORK_KINDS
from .helpers import CHILD, make_world

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    "kind",
    [*CASEWORK_KINDS.values(), *ENGAGEMENT_KINDS.values()],
    ids=lambda k: f"{k.model._meta.label}",
)
def test_every_argument_a_create_service_needs_is_a_required_field_of_its_serializer(kind):
    """The API passes the validated fields to the kind's create service as they are: an argument
    the service needs must be one the serializer requires (a 400 naming it, never a TypeError).
    """
    needed = {
        name
        for name, p in inspect.signature(kind.create).parameters.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    } - {"acting_user"}
    fields = kind.serializer().fields
    required = {
        (f.source[: -len("_id")] if f.source.endswith("_id") else f.source)
        for f in fields.values()
        if f.required and not f.read_only
    }
    assert needed <= required, f"{kind.key}: not required by the API: {needed - required}"
    assert not needed & set(kind.serializer.update_only_fields)
