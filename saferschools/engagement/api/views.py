"""Engagement API: list, detail, create and update (with version, 409 on conflict), one viewset
per kind in `registry.KINDS` (`core.api.RecordViewSet`), and replies to a school request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from saferschools.core.api import record_viewset

from .. import services
from ..registry import KINDS
from . import serializers as s


class SchoolRequestActions:
    """A school request's thread: its readers add to it (the police as responders)."""

    read_actions = frozenset({"messages"})

    @extend_schema(request=s.MessageSerializer, responses={201: s.SchoolRequestSerializer})
    @action(detail=True, methods=["post"], serializer_class=s.MessageSerializer)
    def messages(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        serializer = s.MessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.school_request_message(
                acting_user=request.user,
                school_request=obj,
                body=serializer.validated_data["body"],
                status=serializer.validated_data.get("status"),
                request=request,
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(
            s.SchoolRequestSerializer(obj, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


#: One viewset per kind, by kind key.
VIEWSETS = {
    key: record_viewset(kind, *([SchoolRequestActions] if key == "request" else []))
    for key, kind in KINDS.items()
}
