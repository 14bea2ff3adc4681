"""One filter definition per list, for the web pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from .choices import (
    ConcernCategory,
    ConcernStatus,
    InterventionKind,
    InterventionStatus,
    PoliceOutcome,
    ReferralService,
    ReferralStatus,
    RiskLevel,
    SearchExtent,
    YearGroup,
)
from .models import Concern, Incident, Intervention, Referral, Search, YoungPerson, normalise_name


class YoungPersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name")
    school = django_filters.NumberFilter(
        field_name="school_id", label="School", min_value=1, max_value=2**53
    )
    year_group = django_filters.ChoiceFilter(choices=YearGroup.choices)

    class Meta:
        model = YoungPerson
        fields = ["q", "school", "year_group"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        key = normalise_name(value or "")
        if not key:
            return qs
        cond = Q()
        for part in key.split():
            cond &= Q(name_key__contains=part)
        return qs.filter(cond)


class _ChildFilterSet(django_filters.FilterSet):
    young_person = django_filters.NumberFilter(
        field_name="young_person_id", min_value=1, max_value=2**53
    )
    school = django_filters.NumberFilter(
        method="filter_school", label="School", min_value=1, max_value=2**53
    )
    school_path = "young_person__school_id"

    def filter_school(self, qs: QuerySet, name: str, value: int | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{self.school_path: value})


class ConcernFilterSet(_ChildFilterSet):
    category = django_filters.ChoiceFilter(choices=ConcernCategory.choices)
    status = django_filters.ChoiceFilter(choices=ConcernStatus.choices)
    risk_level = django_filters.ChoiceFilter(choices=RiskLevel.choices)
    raised_after = django_filters.DateFilter(field_name="raised_at", lookup_expr="date__gte")

    school_path = "school_id"

    class Meta:
        model = Concern
        fields = ["young_person", "school", "category", "status", "risk_level", "raised_after"]


class IncidentFilterSet(_ChildFilterSet):
    category = django_filters.ChoiceFilter(choices=ConcernCategory.choices)
    outcome = django_filters.ChoiceFilter(choices=PoliceOutcome.choices)
    for_review = django_filters.BooleanFilter(method="filter_review", label="Awaiting review")
    school_path = "school_id"

    class Meta:
        model = Incident
        fields = ["young_person", "school", "category", "outcome", "for_review"]

    def filter_review(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        cond = Q(sergeant_review_required=True, reviewed_at__isnull=True)
        return qs.filter(cond) if value else qs.exclude(cond)


class SearchFilterSet(_ChildFilterSet):
    extent = django_filters.ChoiceFilter(choices=SearchExtent.choices)
    parent_notice_flag = django_filters.BooleanFilter()
    school_path = "school_id"

    class Meta:
        model = Search
        fields = ["young_person", "school", "extent", "parent_notice_flag"]


class InterventionFilterSet(_ChildFilterSet):
    kind = django_filters.ChoiceFilter(choices=InterventionKind.choices)
    status = django_filters.ChoiceFilter(choices=InterventionStatus.choices)

    class Meta:
        model = Intervention
        fields = ["young_person", "school", "kind", "status"]


class ReferralFilterSet(_ChildFilterSet):
    service = django_filters.ChoiceFilter(choices=ReferralService.choices)
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue")

    class Meta:
        model = Referral
        fields = ["young_person", "school", "service", "status", "overdue"]

    def filter_overdue(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        from django.utils import timezone

        cond = Q(status=ReferralStatus.MADE, due_date__lt=timezone.localdate())
        return qs.filter(cond) if value else qs.exclude(cond)
