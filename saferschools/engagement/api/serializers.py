"""Engagement API payloads."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from saferschools.accounts.scope import schools_visible_to
from saferschools.core.api import MAX_ID, VersionMixin

from ..forms import YouthActivityForm
from ..models import SchoolContact, SchoolRequest, Session, YouthActivity

READ_ONLY = ["id", "version", "created_at", "updated_at", "review_date"]


class ScopedSchoolMixin(serializers.Serializer):
    school = serializers.IntegerField(source="school_id", min_value=1, max_value=MAX_ID)

    def validate_school(self, value: int | None) -> Any:
        if value is None:
            return None
        school = schools_visible_to(self.context["request"].user).filter(pk=value).first()
        if school is None:
            raise serializers.ValidationError("No school with that number that you can see.")
        return school


class SchoolContactSerializer(VersionMixin, ScopedSchoolMixin, serializers.ModelSerializer):
    class Meta:
        model = SchoolContact
        fields = [*READ_ONLY, "school", "contact_on", "kind", "contact_with", "notes"]
        read_only_fields = READ_ONLY


class SchoolRequestSerializer(VersionMixin, ScopedSchoolMixin, serializers.ModelSerializer):
    update_only_fields = ("status",)  # a request is received new
    response_hours = serializers.FloatField(read_only=True, allow_null=True)
    met_target = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = SchoolRequest
        fields = [
            *READ_ONLY,
            "reference",
            "school",
            "source",
            "topic",
            "priority",
            "subject",
            "message",
            "requester_name",
            "requester_email",
            "requester_phone",
            "received_at",
            "target_response_hours",
            "status",
            "first_response_at",
            "response_hours",
            "met_target",
            "closed_at",
        ]
        read_only_fields = [
            *READ_ONLY,
            "reference",
            "source",
            "received_at",
            "target_response_hours",
            "first_response_at",
            "closed_at",
        ]


class SessionSerializer(VersionMixin, ScopedSchoolMixin, serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = [
            *READ_ONLY,
            "school",
            "delivered_on",
            "kind",
            "topic",
            "year_group",
            "attendance",
            "notes",
        ]
        read_only_fields = READ_ONLY


class YouthActivitySerializer(VersionMixin, ScopedSchoolMixin, serializers.ModelSerializer):
    school = serializers.IntegerField(
        source="school_id", min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )
    district = serializers.IntegerField(
        source="district_id", min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )

    class Meta:
        model = YouthActivity
        fields = [*READ_ONLY, *YouthActivityForm.Meta.fields]
        read_only_fields = READ_ONLY

    def validate_district(self, value: int | None) -> Any:
        if value is None:
            return None
        from saferschools.estate.models import District

        district = District.objects.filter(
            pk=value, establishments__in=schools_visible_to(self.context["request"].user)
        ).first()
        if district is None:
            raise serializers.ValidationError("No district with that number that you can see.")
        return district


class MessageSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
    status = serializers.ChoiceField(
        choices=["new", "in_progress", "responded", "closed"], required=False
    )
