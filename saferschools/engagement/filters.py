"""One filter definition per engagement list, for the web and the API.

A field with choices (kind, status, topic...) gets its choice filter from `Meta.fields`, as
django-filter makes it; only what the fields do not say (the school by number, a date from,
a reference in any case) is declared."""

from __future__ import annotations

import django_filters

from saferschools.core.api import MAX_ID
from saferschools.core.filters import on_or_after

from .models import SchoolContact, SchoolRequest, Session, YouthActivity


class SchoolFilterSet(django_filters.FilterSet):
    """Every engagement list filters by school (by its number)."""

    school = django_filters.NumberFilter(field_name="school_id", min_value=1, max_value=MAX_ID)


class SchoolContactFilterSet(SchoolFilterSet):
    since = on_or_after("contact_on")

    class Meta:
        model = SchoolContact
        fields = ["school", "kind", "since"]


class SchoolRequestFilterSet(SchoolFilterSet):
    reference = django_filters.CharFilter(field_name="reference", lookup_expr="iexact")

    class Meta:
        model = SchoolRequest
        fields = ["school", "status", "source", "reference"]


class SessionFilterSet(SchoolFilterSet):
    since = on_or_after("delivered_on")

    class Meta:
        model = Session
        fields = ["school", "topic", "since"]


class YouthActivityFilterSet(SchoolFilterSet):
    class Meta:
        model = YouthActivity
        fields = ["school", "kind"]
