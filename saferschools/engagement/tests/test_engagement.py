"""Engagement: requests raised and followed by a school, response times, scope, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from saferschools.casework.tests.helpers import make_world
from saferschools.core.models import Notification
from saferschools.testing.builders import verified_login

from .. import services
from ..models import SchoolRequest
from .helpers import make_request, make_session

pytestmark = pytest.mark.django_db


def test_dsl_raises_and_follows_a_request(client, django_capture_on_commit_callbacks):
    w = make_world()
    verified_login(client, w.dsl)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            reverse("engagement:request_create"),
            {
                "school": w.school.pk,
                "topic": "input",
                "priority": "urgent",
                "subject": "Knife crime assembly",
                "message": "Year 9 next week please.",
            },
        )
    assert r.status_code == 302
    req = SchoolRequest.objects.get()
    assert req.source == "school" and req.target_response_hours == 24
    assert req.reference.startswith("REQ-")
    assert {n.recipient_id for n in Notification.objects.all()} == {w.officer.pk, w.sergeant.pk}
    verified_login(client, w.officer)
    client.post(reverse("engagement:request_detail", args=[req.pk]), {"body": "Yes, Tuesday."})
    req.refresh_from_db()
    assert req.status == "responded" and req.met_target is True
    verified_login(client, w.dsl)
    page = client.get(reverse("engagement:request_detail", args=[req.pk])).content.decode()
    assert "Yes, Tuesday." in page and "within target" in page


def test_public_request_needs_a_way_to_reply():
    w = make_world()
    from django.core.exceptions import ValidationError

    worried = services.RequestContent(w.school, "advice", "Worried", "About my son.")
    with pytest.raises(ValidationError):
        services.public_request_receive(content=worried, requester=services.Requester())
    req = services.public_request_receive(
        content=worried, requester=services.Requester(email="parent@example.com")
    )
    assert req.source == "public"


def test_a_request_with_no_acting_user_is_refused_not_taken_as_the_publics():
    """Only the front door's `public_request_receive` records a message from the public."""
    w = make_world()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.school_request_create(
            acting_user=None,
            school=w.school,
            topic="advice",
            subject="Worried",
            message="About my son.",
            requester_email="parent@example.com",
        )
    assert not SchoolRequest.objects.exists()


def test_other_schools_requests_are_invisible():
    w, other = make_world(), make_world()
    req = make_request(w.dsl, w.school)
    api = APIClient()
    verified_login(api, other.dsl)
    assert api.get(f"/api/engagement/requests/{req.pk}/").status_code == 404
    assert api.get("/api/engagement/requests/").json()["count"] == 0


def test_session_api_conflict_409():
    w = make_world()
    s = make_session(w.officer, w.school, delivered_on=dt.date.today(), topic="drugs")
    a, b = APIClient(), APIClient()
    verified_login(a, w.officer)
    verified_login(b, w.sergeant)
    url = f"/api/engagement/sessions/{s.pk}/"
    assert a.patch(url, {"version": 1, "attendance": 31}, format="json").status_code == 200
    r = b.patch(url, {"version": 1, "attendance": 99}, format="json")
    assert r.status_code == 409 and "changed by someone else" in r.json()["detail"]
    assert b.patch(url, {"version": 2, "attendance": 9999}, format="json").status_code == 400


def test_response_time_measured():
    w = make_world()
    req = make_request(w.dsl, w.school, received_at=timezone.now() - dt.timedelta(hours=80))
    services.school_request_message(acting_user=w.officer, school_request=req, body="Sorry.")
    assert req.response_hours >= 80 and req.met_target is False
