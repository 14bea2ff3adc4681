"""One filter definition for the web school list and the API (NetBox style)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from .choices import SchoolGroup
from .models import District, Establishment


class EstablishmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, town or URN")
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.all(), field_name="district", to_field_name="code"
    )
    phase = django_filters.CharFilter(field_name="phase", lookup_expr="iexact")
    school_group = django_filters.ChoiceFilter(choices=SchoolGroup.choices)
    secondary_phase = django_filters.BooleanFilter(method="filter_secondary_phase")
    status = django_filters.CharFilter(field_name="status", lookup_expr="iexact")

    class Meta:
        model = Establishment
        fields = ["q", "district", "phase", "school_group", "secondary_phase", "status"]

    def search(self, qs: QuerySet[Establishment], name: str, value: str) -> QuerySet[Establishment]:
        value = value.strip()
        if not value:
            return qs
        cond = (
            Q(name__icontains=value) | Q(town__icontains=value) | Q(district__name__icontains=value)
        )
        if value.isdigit():
            cond |= Q(urn=int(value))
        return qs.filter(cond)

    def filter_secondary_phase(
        self, qs: QuerySet[Establishment], name: str, value: bool | None
    ) -> QuerySet[Establishment]:
        if value is None:
            return qs
        from .models import SECONDARY_PHASE_GROUPS

        if value:
            return qs.filter(status="Open", school_group__in=SECONDARY_PHASE_GROUPS)
        return qs.exclude(status="Open", school_group__in=SECONDARY_PHASE_GROUPS)
