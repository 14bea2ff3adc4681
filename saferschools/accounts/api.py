"""The accounts API (`/api/me/`) and the API plumbing for access: the exception handler that
audits a guessed record id, and throttles that read their rates at request time."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from saferschools.core.api import exception_handler as core_exception_handler

from .audit import AUDITED_DENIED_ATTR, audit_denied
from .otp import needs_otp
from .scope import can_see_children, schools_visible_to


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """core's handler, then: a 404 on a record lookup by a signed-in user is audited as denied
    with the record type and the id that was tried (no record outside scope is revealed)."""
    response = core_exception_handler(exc, context)
    if response is not None and isinstance(exc, Http404 | NotFound):
        _audit_missing(context)
    return response


def _audit_missing(context: dict[str, Any]) -> None:
    view, request = context.get("view"), context.get("request")
    if view is None or request is None or not request.user.is_authenticated:
        return
    django_request = getattr(request, "_request", request)
    if getattr(django_request, AUDITED_DENIED_ATTR, False):
        return
    kwarg = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
    kwargs = context.get("kwargs") or {}
    if kwarg not in kwargs:
        return
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        try:
            model = view.get_queryset().model
        except Exception:  # noqa: BLE001 - any failure: fall back to the URL name
            model = None
    match = getattr(django_request, "resolver_match", None)
    audit_denied(
        request=django_request,
        record_type=model._meta.label if model else f"url:{match.view_name if match else ''}",
        record_id=kwargs[kwarg],
    )


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    school = serializers.DictField(allow_null=True)
    can_see_children = serializers.BooleanField()
    schools_in_scope = serializers.IntegerField()
    two_factor_required = serializers.BooleanField()


class MeView(APIView):
    """The signed-in user's own profile: role, school and what their scope covers."""

    serializer_class = MeSerializer

    def get(self, request: Any) -> Response:
        user = request.user
        school = user.school
        data = {
            "username": user.get_username(),
            "name": user.get_full_name(),
            "role": user.role,
            "role_label": user.get_role_display(),
            "school": {"id": school.pk, "urn": school.urn, "name": school.name} if school else None,
            "can_see_children": can_see_children(user),
            "schools_in_scope": schools_visible_to(user).count(),
            "two_factor_required": needs_otp(user),
        }
        return Response(MeSerializer(data).data)
