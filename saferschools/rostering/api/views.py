"""Read-only rostering API, scoped like the pages (see `selectors`)."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Action
from saferschools.accounts.permissions import RoleRequired
from saferschools.core.filters import on_or_after, on_or_before

from .. import permissions, selectors
from ..models import Roster, RosterShift
from .serializers import RosterSerializer, RosterShiftSerializer


class RosterShiftFilter(django_filters.FilterSet):
    date_from = on_or_after("date")
    date_to = on_or_before("date")
    officer = django_filters.CharFilter(field_name="officer__collar_number")

    class Meta:
        model = RosterShift
        fields = ["roster", "officer", "shift_code", "date_from", "date_to"]


class RosterViewSet(viewsets.ReadOnlyModelViewSet):
    """Rosters the user may see; `document/` is the roster document cut to the user's scope."""

    serializer_class = RosterSerializer
    permission_classes = [RoleRequired.of(*permissions.ROSTER_ROLES)]
    queryset = Roster.objects.none()
    filterset_fields = ["status", "scope"]

    def get_queryset(self) -> Any:
        return selectors.rosters_visible_to(self.request.user).select_related(
            "division", "sergeant"
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def document(self, request: Any, pk: Any = None) -> Response:
        roster = self.get_object()
        doc = selectors.document_for(request.user, roster)
        audit_record(
            user=request.user,
            action=Action.EXPORT,
            obj=roster,
            request=request._request,
            details={"format": "json", "api": True, "partial": bool(doc.get("partial"))},
        )
        return Response(doc)


class RosterShiftViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RosterShiftSerializer
    permission_classes = [RoleRequired.of(*permissions.ROSTER_ROLES)]
    queryset = RosterShift.objects.none()
    filterset_class = RosterShiftFilter

    def get_queryset(self) -> Any:
        return selectors.roster_shifts_visible_to(self.request.user).order_by("date", "officer_id")
