"""Engagement API: list, detail, create and update (with version, 409 on conflict)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from saferschools.accounts.audit import audit_denied
from saferschools.accounts.permissions import AuditedPermission
from saferschools.casework.api.views import Conflict, as_drf
from saferschools.casework.records import EditConflict

from .. import access, filters, selectors, services
from . import serializers as s


class EngagementPermission(AuditedPermission):
    """Role check; a refusal to a signed-in user is audited."""

    message = "Not available to your role."

    def allowed(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return access.can_view(request.user, view.kind)
        if getattr(view, "action", "") == "messages":
            return access.can_view(request.user, view.kind)
        return access.can_write(request.user, view.kind)


class EngagementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    kind = ""
    create_fn: Any = None
    permission_classes = [permissions.IsAuthenticated, EngagementPermission]

    def get_queryset(self) -> QuerySet:
        return selectors.SELECTORS[self.kind](user=self.request.user).order_by("-pk")

    def get_object(self) -> Any:
        obj = selectors.record_get(self.kind, user=self.request.user, pk=self.kwargs.get("pk"))
        if obj is None:
            audit_denied(
                request=self.request,
                action="view",
                record_type=f"engagement.{self.kind}",
                record_id=str(self.kwargs.get("pk"))[:64],
                purpose="API",
            )
            raise Http404
        return obj

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = type(self).create_fn(
                acting_user=request.user,
                request=request,
                **s.payload(serializer, for_fn=type(self).create_fn),
            )
        except DjangoValidationError as exc:
            raise as_drf(exc) from None
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data.get("version")
        if version is None:
            raise exceptions.ValidationError(
                {"version": "Send the version of the record you read."}
            )
        try:
            obj = services.record_update(
                acting_user=request.user,
                kind=self.kind,
                obj=obj,
                version=version,
                changes=s.payload(serializer),
                request=request,
            )
        except EditConflict as exc:
            raise Conflict(
                {"detail": exc.message, "current_version": exc.current_version}
            ) from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from None
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self.get_serializer(obj).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.partial_update(request, *args, **kwargs)


class SchoolContactViewSet(EngagementViewSet):
    """Contacts with headteachers and safeguarding leads."""

    kind = "contact"
    serializer_class = s.SchoolContactSerializer
    filterset_class = filters.SchoolContactFilterSet
    create_fn = services.school_contact_create


class SchoolRequestViewSet(EngagementViewSet):
    """Requests from schools and the public; response time measured against the target."""

    kind = "request"
    serializer_class = s.SchoolRequestSerializer
    filterset_class = filters.SchoolRequestFilterSet
    create_fn = services.school_request_create

    @extend_schema(request=s.MessageSerializer, responses={201: s.SchoolRequestSerializer})
    @action(detail=True, methods=["post"], serializer_class=s.MessageSerializer)
    def messages(self, request: Request, pk: Any = None) -> Response:
        obj = self.get_object()
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


class SessionViewSet(EngagementViewSet):
    """PSHE lessons and awareness sessions delivered."""

    kind = "session"
    serializer_class = s.SessionSerializer
    filterset_class = filters.SessionFilterSet
    create_fn = services.session_create


class YouthActivityViewSet(EngagementViewSet):
    """Youth activities and holiday clubs."""

    kind = "activity"
    serializer_class = s.YouthActivitySerializer
    filterset_class = filters.YouthActivityFilterSet
    create_fn = services.youth_activity_create
