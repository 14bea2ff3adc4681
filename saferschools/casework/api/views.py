"""Casework API: list, detail, create, update and (soft) delete within the user's scope, one
viewset per kind in `registry.KINDS` (`core.api.RecordViewSet`: audited, scoped, versioned).

Updates must send the `version` they read; a stale version gets 409 Conflict with a message.
Every read of a child's record is audited; an id outside scope is 404 and an audited denial.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferschools.accounts.audit import audit_denied
from saferschools.core.api import record_viewset

from .. import permissions as casework_permissions
from .. import selectors, services
from ..registry import CHILD_KINDS, YOUNG_PERSON
from ..views import audit_list


class YoungPersonActions:
    """What the young person's API adds: a possible duplicate (409) and the chronology."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().create(request, *args, **kwargs)  # type: ignore[misc]
        except services.PossibleDuplicate as exc:
            return Response(
                {
                    "detail": "This may be a child who is already recorded. Check the matches; "
                    "send confirm_not_duplicate=true if this is a different child.",
                    "possible_duplicates": [m.pk for m in exc.matches],
                },
                status=status.HTTP_409_CONFLICT,
            )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "page",
                int,
                description="Page of the chronology (50 entries a page, oldest first).",
            )
        ],
        responses=inline_serializer(
            name="Chronology",
            fields={
                "alerts": serializers.ListField(child=serializers.DictField()),
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "next": serializers.IntegerField(allow_null=True),
                "previous": serializers.IntegerField(allow_null=True),
                "entries": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def chronology(self, request: Request, pk: Any = None) -> Response:
        yp = self.get_object()  # type: ignore[attr-defined]
        self.audit_read(yp.pk, "API chronology")  # type: ignore[attr-defined]
        chronology = selectors.chronology_page(yp, request.query_params.get("page", 1))
        page = chronology.page_obj
        return Response(
            {
                "alerts": [a.__dict__ for a in selectors.concern_alerts(yp)],
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "next": page.next_page_number() if page.has_next() else None,
                "previous": page.previous_page_number() if page.has_previous() else None,
                "entries": [e.__dict__ for e in chronology.entries],
            }
        )


YoungPersonViewSet = record_viewset(YOUNG_PERSON, YoungPersonActions)
#: One viewset per kind of record about a child, by kind key.
CHILD_VIEWSETS = {kind.key: record_viewset(kind) for kind in CHILD_KINDS}


class PseudonymisedEventsView(APIView):
    """Searches and incidents for oversight: pseudonyms and characteristics, no identities."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        if not casework_permissions.can_see_pseudonymised(request.user):
            audit_denied(
                request=request,
                record_type="casework.Pseudonymised",
                purpose=request.path[:200],
            )
            raise exceptions.PermissionDenied("Not available to your role.")
        rows = selectors.pseudonymised_events(user=request.user)
        purpose = "Oversight figures (pseudonymised)"
        audit_list(request._request, "casework.Pseudonymised", purpose, rows=len(rows))
        return Response({"count": len(rows), "results": rows})
