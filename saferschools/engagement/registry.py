"""The kinds of engagement record, each declared once (`core.kinds.RecordKind`): the pages
(`views`, `urls`), the API (`api.views`) and the authorization matrix read this table.

Business rules (who reads and writes): `permissions`. Engagement records are not children's
records: reading them is not audited (a school request's page is, as it may hold a person's
words).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import HttpRequest

from saferschools.core.kinds import RecordKind
from saferschools.core.records import TrackedRecord

from . import filters, forms, selectors, services
from .api import serializers as s
from .models import SchoolContact, SchoolRequest, Session, YouthActivity
from .permissions import NO_PERSONAL_DATA_READERS, POLICE_ROLES, REQUEST_ROLES


def _recorded(model: type[TrackedRecord]) -> Callable[..., Any]:
    """The create of a kind with no rule of its own (`services.record_create`): the record is
    built from the form's or the API's fields."""

    def create(*, acting_user: Any, request: HttpRequest | None = None, **fields: Any) -> Any:
        return services.record_create(acting_user=acting_user, obj=model(**fields), request=request)

    return create


def _kind(key: str, **fields: object) -> RecordKind:
    return RecordKind(
        key=key,
        update=partial(services.record_update, kind=key),
        record_arg="obj",
        audit_reads=False,
        **fields,  # type: ignore[arg-type]
    )


KINDS: dict[str, RecordKind] = {
    k.key: k
    for k in [
        _kind(
            "contact",
            label="Contact with a school",
            plural="Contacts with schools",
            slug="contacts",
            model=SchoolContact,
            form=forms.SchoolContactForm,
            serializer=s.SchoolContactSerializer,
            filterset=filters.SchoolContactFilterSet,
            selector=selectors.contacts,
            create=_recorded(SchoolContact),
            read_roles=POLICE_ROLES,
            write_roles=POLICE_ROLES,
            columns=("contact_on", "school", "kind", "contact_with"),
            doc="Contacts with headteachers and safeguarding leads.",
        ),
        _kind(
            "request",
            label="School request",
            plural="School requests",
            slug="requests",
            model=SchoolRequest,
            form=forms.SchoolRequestForm,
            serializer=s.SchoolRequestSerializer,
            filterset=filters.SchoolRequestFilterSet,
            selector=selectors.requests,
            create=services.school_request_create,
            read_roles=REQUEST_ROLES,
            write_roles=REQUEST_ROLES,
            columns=("reference", "school", "subject", "status"),
            doc="Requests from schools and the public; response time measured against the target.",
        ),
        _kind(
            "session",
            label="Session delivered",
            plural="PSHE and awareness sessions",
            slug="sessions",
            model=Session,
            form=forms.SessionForm,
            serializer=s.SessionSerializer,
            filterset=filters.SessionFilterSet,
            selector=selectors.sessions,
            create=_recorded(Session),
            read_roles=NO_PERSONAL_DATA_READERS,
            write_roles=POLICE_ROLES,
            columns=("delivered_on", "school", "topic", "attendance"),
            doc="PSHE lessons and awareness sessions delivered.",
        ),
        _kind(
            "activity",
            label="Youth activity",
            plural="Youth activities",
            slug="activities",
            model=YouthActivity,
            form=forms.YouthActivityForm,
            serializer=s.YouthActivitySerializer,
            filterset=filters.YouthActivityFilterSet,
            selector=selectors.activities,
            create=services.youth_activity_create,
            read_roles=NO_PERSONAL_DATA_READERS,
            write_roles=POLICE_ROLES,
            columns=("starts_on", "title", "kind", "attendance"),
            doc="Youth activities and holiday clubs.",
        ),
    ]
}
