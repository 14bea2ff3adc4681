"""Random and hostile payloads to every write endpoint never cause a server error."""

from __future__ import annotations

import pytest
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from saferschools.testing.builders import verified_login

from .helpers import make_child, make_world

pytestmark = pytest.mark.django_db

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "2026-02-30",
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "1970-01-01",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "more_than_outer",
            "INSP",
            "high",
            "3",
            "true",
            "2025-01-01T10:00:00Z",
            "null",
            "[]",
            "{}",
            "ǅ" * 500,
        ]
    ),
)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=8,
)


ENDPOINTS = [
    "/api/casework/young-people/",
    "/api/casework/concerns/",
    "/api/casework/incidents/",
    "/api/casework/searches/",
    "/api/casework/interventions/",
    "/api/casework/referrals/",
    "/api/engagement/contacts/",
    "/api/engagement/requests/",
    "/api/engagement/sessions/",
    "/api/engagement/activities/",
]


def _writable_fields(endpoint: str) -> list[str]:
    """The fields the endpoint's serializer accepts, so that a field added to a record is
    fuzzed without being listed here."""
    serializer = resolve(endpoint).func.cls.serializer_class()
    return [name for name, field in serializer.fields.items() if not field.read_only]


#: Every field any endpoint accepts, and one that none knows.
FIELDS = [*dict.fromkeys(f for e in ENDPOINTS for f in _writable_fields(e)), "body"]

payloads = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), junk, max_size=25),
    # a whole young person, every field junk
    st.fixed_dictionaries(dict.fromkeys(["young_person", *_writable_fields(ENDPOINTS[0])], junk)),
    st.fixed_dictionaries(
        {
            "young_person": st.one_of(st.just(1), junk),
            "extent": st.just("more_than_outer"),
            "searched_at": junk,
            "reason": st.just("drugs"),
            "grounds": junk,
            "power": junk,
            "location": st.just("school"),
            "searched_by_name": junk,
            "outcome": st.just("nothing"),
        }
    ),
    junk,
)


@pytest.fixture
def api_and_ids():
    w = make_world()
    child = make_child(w)
    api = APIClient()
    verified_login(api, w.officer)
    return api, child


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(endpoint=st.sampled_from(ENDPOINTS), body=payloads)
def test_create_endpoints_never_fail_with_a_server_error(api_and_ids, endpoint, body):
    api, child = api_and_ids
    if isinstance(body, dict) and body.get("young_person") == 1:
        body["young_person"] = child.pk
    r = api.post(endpoint, body, format="json")
    assert r.status_code < 500, (endpoint, body, r.content[:500])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=payloads, method=st.sampled_from(["patch", "put"]))
def test_update_endpoints_never_fail_with_a_server_error(api_and_ids, body, method):
    api, child = api_and_ids
    r = getattr(api, method)(f"/api/casework/young-people/{child.pk}/", body, format="json")
    assert r.status_code < 500, (body, r.content[:500])
    r = getattr(api, method)(f"/api/casework/young-people/{2**70}/", body, format="json")
    assert r.status_code < 500


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_malformed_json_bodies_are_refused_cleanly(api_and_ids, raw):
    api, _ = api_and_ids
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    r = api.generic("POST", "/api/casework/concerns/", data, content_type="application/json")
    assert r.status_code < 500


VALID = {
    "/api/casework/concerns/": {
        "category": "cce",
        "raised_by": "school",
        "raised_at": "2025-06-01T10:00:00Z",
        "risk_level": 2,
        "details": "d",
    },
    "/api/casework/incidents/": {
        "occurred_at": "2025-06-01T10:00:00Z",
        "reported_by": "school",
        "category": "assault",
        "description": "d",
        "outcome": "arrest",
    },
    "/api/casework/searches/": {
        "searched_at": "2025-06-01T10:00:00Z",
        "reason": "drugs",
        "grounds": "g",
        "power": "pace_s1",
        "location": "school",
        "extent": "outer",
        "searched_by_name": "PC",
        "outcome": "nothing",
    },
    "/api/casework/interventions/": {"kind": "mentoring", "start_date": "2025-06-01"},
    "/api/casework/referrals/": {
        "service": "prevent",
        "reason": "r",
        "made_on": "2025-06-01",
        "due_date": "2025-06-10",
        "consent": "child",
    },
}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.sampled_from(sorted(VALID)),
    overrides=st.dictionaries(st.sampled_from(FIELDS), junk, max_size=3),
)
def test_nearly_valid_payloads_never_fail_with_a_server_error(api_and_ids, endpoint, overrides):
    api, child = api_and_ids
    body = {**VALID[endpoint], "young_person": child.pk, **overrides}
    r = api.post(endpoint, body, format="json")
    assert r.status_code < 500, (endpoint, body, r.content[:500])
