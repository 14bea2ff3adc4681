"""One filter definition per list, for the web pages and the API.

A field with choices (category, status, outcome...) or a yes/no field gets its filter from
`Meta.fields`, as django-filter makes it; only what the fields do not say (a name search, the
school by number, a date from, what awaits review or is overdue) is declared."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from saferschools.core.filters import on_or_after

from .choices import (
    ReferralStatus,
)
from .models import Concern, Incident, Intervention, Referral, Search, YoungPerson, normalise_name


class YoungPersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name")
    school = django_filters.NumberFilter(
        field_name="school_id", label="School", min_value=1, max_value=2**53
    )

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

    def filter_school(self, qs: QuerySet, name: str, value: int | None) -> QuerySet:
        """A record that keeps the school (a concern; an incident or a search, the school at the
        time) is found by it; the others (interventions, referrals) by the child's school."""
        if value is None:
            return qs
        keeps_school = any(f.name == "school" for f in qs.model._meta.get_fields())
        return qs.filter(**{"school_id" if keeps_school else "young_person__school_id": value})


class ConcernFilterSet(_ChildFilterSet):
    raised_after = on_or_after("raised_at", of_datetime=True)

    class Meta:
        model = Concern
        fields = ["young_person", "school", "category", "status", "risk_level", "raised_after"]


class IncidentFilterSet(_ChildFilterSet):
    for_review = django_filters.BooleanFilter(method="filter_review", label="Awaiting review")

    class Meta:
        model = Incident
        fields = ["young_person", "school", "category", "outcome", "for_review"]

    def filter_review(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        cond = Q(sergeant_review_required=True, reviewed_at__isnull=True)
        return qs.filter(cond) if value else qs.exclude(cond)


class SearchFilterSet(_ChildFilterSet):
    class Meta:
        model = Search
        fields = ["young_person", "school", "extent", "parent_notice_flag"]


class InterventionFilterSet(_ChildFilterSet):
    class Meta:
        model = Intervention
        fields = ["young_person", "school", "kind", "status"]


class ReferralFilterSet(_ChildFilterSet):
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
