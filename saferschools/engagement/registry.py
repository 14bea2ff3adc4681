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


def _kind(
    model: type[TrackedRecord],
    *,
    key: str,
    slug: str,
    create: Callable[..., Any] | None = None,
    **fields: object,
) -> RecordKind:
    """An engagement kind, served by the names that follow from its model and path
    (`forms.SessionForm`, `serializers.SessionSerializer`, `filters.SessionFilterSet`,
    `selectors.sessions`), recorded through `services.record_create` unless it names its own
    create, changed through `services.record_update`; reading it is not audited."""
    name = model.__name__
    return RecordKind(
        key=key,
        model=model,
        slug=slug,
        form=getattr(forms, f"{name}Form"),
        serializer=getattr(s, f"{name}Serializer"),
        filterset=getattr(filters, f"{name}FilterSet"),
        selector=getattr(selectors, slug),
        create=create or _recorded(model),
        update=partial(services.record_update, kind=key),
        record_arg="obj",
        audit_reads=False,
        **fields,  # type: ignore[arg-type]
    )


KINDS: dict[str, RecordKind] = {
    k.key: k
    for k in [
        _kind(
            SchoolContact,
            key="contact",
            label="Contact with a school",
            plural="Contacts with schools",
            slug="contacts",
            read_roles=POLICE_ROLES,
            write_roles=POLICE_ROLES,
            columns=("contact_on", "school", "kind", "contact_with"),
            doc="Contacts with headteachers and safeguarding leads.",
        ),
        _kind(
            SchoolRequest,
            key="request",
            label="School request",
            plural="School requests",
            slug="requests",
            create=services.school_request_create,
            read_roles=REQUEST_ROLES,
            write_roles=REQUEST_ROLES,
            columns=("reference", "school", "subject", "status"),
            doc="Requests from schools and the public; response time measured against the target.",
        ),
        _kind(
            Session,
            key="session",
            label="Session delivered",
            plural="PSHE and awareness sessions",
            slug="sessions",
            read_roles=NO_PERSONAL_DATA_READERS,
            write_roles=POLICE_ROLES,
            columns=("delivered_on", "school", "topic", "attendance"),
            doc="PSHE lessons and awareness sessions delivered.",
        ),
        _kind(
            YouthActivity,
            key="activity",
            label="Youth activity",
            plural="Youth activities",
            slug="activities",
            create=services.youth_activity_create,
            read_roles=NO_PERSONAL_DATA_READERS,
            write_roles=POLICE_ROLES,
            columns=("starts_on", "title", "kind", "attendance"),
            doc="Youth activities and holiday clubs.",
        ),
    ]
}
