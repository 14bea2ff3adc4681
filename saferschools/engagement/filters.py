"""One filter definition per engagement list, for the web and the API."""

from __future__ import annotations

import django_filters

from saferschools.core.api import MAX_ID

from .choices import ActivityKind, ContactKind, RequestSource, RequestStatus, SessionTopic
from .models import SchoolContact, SchoolRequest, Session, YouthActivity


class SchoolFilterSet(django_filters.FilterSet):
    """Every engagement list filters by school (by its number)."""

    school = django_filters.NumberFilter(field_name="school_id", min_value=1, max_value=MAX_ID)


class SchoolContactFilterSet(SchoolFilterSet):
    kind = django_filters.ChoiceFilter(choices=ContactKind.choices)
    since = django_filters.DateFilter(field_name="contact_on", lookup_expr="gte")

    class Meta:
        model = SchoolContact
        fields = ["school", "kind", "since"]


class SchoolRequestFilterSet(SchoolFilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    source = django_filters.ChoiceFilter(choices=RequestSource.choices)
    reference = django_filters.CharFilter(field_name="reference", lookup_expr="iexact")

    class Meta:
        model = SchoolRequest
        fields = ["school", "status", "source", "reference"]


class SessionFilterSet(SchoolFilterSet):
    topic = django_filters.ChoiceFilter(choices=SessionTopic.choices)
    since = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")

    class Meta:
        model = Session
        fields = ["school", "topic", "since"]


class YouthActivityFilterSet(SchoolFilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)

    class Meta:
        model = YouthActivity
        fields = ["school", "kind"]
