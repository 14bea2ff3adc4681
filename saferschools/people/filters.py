"""The people list's filters (one definition for the web page, the export and the API)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.estate.models import District, Division, Establishment

from .choices import PersonStatus
from .selectors import locked_usernames, status_q


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Name, username, e-mail or collar number")
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="Any role", label="Role")
    division = django_filters.ModelChoiceFilter(
        queryset=Division.objects.order_by("name"),
        method="in_division",
        empty_label="Any division",
        label="Division",
    )
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.order_by("name"),
        method="in_district",
        empty_label="Any district",
        label="District",
    )
    school = django_filters.NumberFilter(method="at_school", label="School (URN)")
    status = django_filters.ChoiceFilter(
        choices=PersonStatus.choices, method="in_status", empty_label="Any status", label="Status"
    )

    class Meta:
        model = User
        fields = ["q", "role", "division", "district", "school", "status"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        cond = Q()
        for part in (value or "").split():
            cond &= (
                Q(username__icontains=part)
                | Q(first_name__icontains=part)
                | Q(last_name__icontains=part)
                | Q(email__icontains=part)
                | Q(officer__collar_number__iexact=part)
            )
        return qs.filter(cond)

    def in_division(self, qs: QuerySet, name: str, value: Division | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(Q(officer__division=value) | Q(school__district__division=value))

    def in_district(self, qs: QuerySet, name: str, value: District | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(Q(officer__district=value) | Q(school__district=value))

    def at_school(self, qs: QuerySet, name: str, value: int | None) -> QuerySet:
        """School staff of the school, and the police named for it or covering it."""
        if value is None:
            return qs
        school = Establishment.objects.filter(urn=value).first()
        if school is None:
            return qs.none()
        return qs.filter(
            Q(school=school)
            | Q(officer__named_schools__establishment=school)
            | Q(officer__covered_schools__establishment=school)
        ).distinct()

    def in_status(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        locked = locked_usernames()
        if value == PersonStatus.LOCKED:
            return qs.filter(is_active=True, username__in=locked)
        qs = qs.filter(status_q(value))
        if value in (PersonStatus.DEACTIVATED, PersonStatus.AWAITING_APPROVAL):
            return qs
        return qs.exclude(username__in=locked)
