"""One filter definition per engagement list, for the web and the API."""

from __future__ import annotations

import django_filters

from .choices import ActivityKind, ContactKind, RequestSource, RequestStatus, SessionTopic
from .models import SchoolContact, SchoolRequest, Session, YouthActivity


class SchoolContactFilterSet(django_filters.FilterSet):
    school = django_filters.NumberFilter(field_name="school_id", min_value=1, max_value=2**53)
    kind = django_filters.ChoiceFilter(choices=ContactKind.choices)
    since = django_filters.DateFilter(field_name="contact_on", lookup_expr="gte")

    class Meta:
        model = SchoolContact
        fields = ["school", "kind", "since"]


class SchoolRequestFilterSet(django_filters.FilterSet):
    school = django_filters.NumberFilter(field_name="school_id", min_value=1, max_value=2**53)
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    source = django_filters.ChoiceFilter(choices=RequestSource.choices)
    reference = django_filters.CharFilter(field_name="reference", lookup_expr="iexact")

    class Meta:
        model = SchoolRequest
        fields = ["school", "status", "source", "reference"]


class SessionFilterSet(django_filters.FilterSet):
    school = django_filters.NumberFilter(field_name="school_id", min_value=1, max_value=2**53)
    topic = django_filters.ChoiceFilter(choices=SessionTopic.choices)
    since = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")

    class Meta:
        model = Session
        fields = ["school", "topic", "since"]


class YouthActivityFilterSet(django_filters.FilterSet):
    school = django_filters.NumberFilter(field_name="school_id", min_value=1, max_value=2**53)
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)

    class Meta:
        model = YouthActivity
        fields = ["school", "kind"]
