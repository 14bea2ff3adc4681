from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from rest_framework import viewsets

from saferschools.accounts.scope import schools_visible_to

from .. import selectors
from ..filters import EstablishmentFilterSet
from ..models import SECONDARY_PHASE_GROUPS, District, Establishment
from .serializers import DistrictSerializer, EstablishmentSerializer


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """Districts (local authority districts) with their count of secondary-phase schools."""

    serializer_class = DistrictSerializer
    lookup_field = "code"
    filterset_fields = ["code", "division__name"]

    def get_queryset(self) -> QuerySet[District]:
        visible = schools_visible_to(self.request.user)
        return (
            District.objects.filter(establishments__in=visible)
            .select_related("division")
            .annotate(
                secondary_phase_schools=Count(
                    "establishments",
                    filter=Q(
                        establishments__status="Open",
                        establishments__school_group__in=SECONDARY_PHASE_GROUPS,
                        establishments__in=visible,
                    ),
                    distinct=True,
                )
            )
            .distinct()
            .order_by("name")
        )


class EstablishmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools you can see; filter by district (ONS code), phase, school group, search."""

    serializer_class = EstablishmentSerializer
    filterset_class = EstablishmentFilterSet

    def get_queryset(self) -> QuerySet[Establishment]:
        return selectors.establishment_list(user=self.request.user).order_by("name")
