"""Builders for tests that need engagement records: each is made through its service (the
real write path) by `by`, with plain defaults that `kw` overrides."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saferschools.engagement import services
from saferschools.engagement.models import SchoolContact, Session


def make_contact(by: Any, school: Any, **kw: Any) -> Any:
    """A visit to the headteacher today."""
    data = {"contact_on": timezone.localdate(), "kind": "visit", "contact_with": "headteacher"}
    return services.record_create(
        acting_user=by, obj=SchoolContact(school=school, **{**data, **kw})
    )


def make_request(by: Any, school: Any, **kw: Any) -> Any:
    """A school's request for an input (an assembly)."""
    data = {"topic": "input", "subject": "Assembly", "message": "Please visit."}
    return services.school_request_create(acting_user=by, school=school, **{**data, **kw})


def make_session(by: Any, school: Any, **kw: Any) -> Any:
    """A PSHE session on knife crime delivered today to 30 pupils."""
    data = {
        "delivered_on": timezone.localdate(),
        "kind": "pshe",
        "topic": "knife_crime",
        "attendance": 30,
    }
    return services.record_create(acting_user=by, obj=Session(school=school, **{**data, **kw}))


def make_activity(by: Any, school: Any, **kw: Any) -> Any:
    """A youth club starting today."""
    data = {"kind": "youth_club", "title": "Club", "starts_on": timezone.localdate()}
    return services.youth_activity_create(acting_user=by, school=school, **{**data, **kw})
