"""Allocation API: read plans (with their documents) and scenarios; the inspector may make a
plan (validated like the command line)."""

from __future__ import annotations

from typing import Any

from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from saferschools.accounts.permissions import RoleRequired

from .. import engine as E
from .. import permissions, selectors, services
from ..forms import plan_settings
from ..models import Plan, Scenario
from .serializers import (
    PlanCreateSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    ScenarioSerializer,
)

Readers = RoleRequired.of(*permissions.PLAN_READERS)
Writers = RoleRequired.of(*permissions.PLAN_WRITERS)


class PlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Plans with their documents. POST makes a draft plan (inspector only); adopting is done
    on the plan page or with `saferschools plan --adopt`."""

    queryset = Plan.objects.none()
    filterset_fields = ["status", "method"]

    def get_permissions(self) -> list[Any]:
        if self.action == "create":
            return [Writers()]
        return [Readers()]

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return PlanCreateSerializer
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    def get_queryset(self) -> Any:
        return selectors.plan_list(user=self.request.user)

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        ser = PlanCreateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        d = ser.validated_data
        try:
            plan = services.plan_create(
                **plan_settings(d),
                weights=d.get("weights"),
                acting_user=request.user,
                request=request._request,
            )
        except E.AllocationError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(PlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)


class ScenarioViewSet(viewsets.ReadOnlyModelViewSet):
    """Redeployment scenarios with their documents."""

    serializer_class = ScenarioSerializer
    permission_classes = [Readers]
    queryset = Scenario.objects.none()
    filterset_fields = ["plan"]

    def get_queryset(self) -> Any:
        return selectors.scenario_list(user=self.request.user)
