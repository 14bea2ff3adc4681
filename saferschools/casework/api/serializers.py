"""API payloads. They parse and explain; the services decide (and re-check) the rules."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from saferschools.core.api import MAX_ID, VersionMixin

from .. import forms, selectors
from ..choices import ethnic_group
from ..models import ChildSnapshot, Concern, Incident, Intervention, Referral, Search, YoungPerson


@extend_schema_field(OpenApiTypes.INT)
class ScopedYoungPersonField(serializers.Field):
    """A young person's record number, resolved within the requesting user's scope."""

    def to_internal_value(self, data: Any) -> YoungPerson:
        number = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        pk = number.run_validation(data)
        yp = selectors.young_person_get(user=self.context["request"].user, pk=pk)
        if yp is None:
            raise serializers.ValidationError("No young person with that number that you can see.")
        return yp

    def to_representation(self, value: Any) -> Any:
        return value.pk if hasattr(value, "pk") else value


#: Every serializer: the record's id, version and times, then the fields its web form records
#: (`forms`: one list for both), then what the service derives (read only).
READ_ONLY = ["id", "version", "created_at", "updated_at", "review_date"]
#: The child's characteristics when searched or involved in an incident (read only): the
#: snapshot's own `child_` fields, in its order.
SNAPSHOT = [f.name for f in ChildSnapshot._meta.fields if f.name.startswith("child_")]


class YoungPersonSerializer(VersionMixin, serializers.ModelSerializer):
    school = serializers.IntegerField(source="school_id", min_value=1, max_value=MAX_ID)
    ethnic_group = serializers.SerializerMethodField()
    confirm_not_duplicate = serializers.BooleanField(required=False, write_only=True, default=False)
    create_only_fields = ("confirm_not_duplicate",)

    class Meta:
        model = YoungPerson
        fields = [
            *READ_ONLY,
            *forms.YoungPersonForm.Meta.fields,
            "ethnic_group",
            "confirm_not_duplicate",
        ]
        read_only_fields = READ_ONLY
        # The model has defaults, but recording a child needs each stated (even as "unknown"):
        # the service takes no default, so the API requires them (400, not a TypeError).
        extra_kwargs = {f: {"required": True} for f in ("ethnicity", "fsm", "sen", "looked_after")}

    def get_ethnic_group(self, obj: YoungPerson) -> str:
        return ethnic_group(obj.ethnicity)

    def validate_school(self, value: int) -> Any:
        from saferschools.accounts.scope import schools_visible_to

        school = schools_visible_to(self.context["request"].user).filter(pk=value).first()
        if school is None:
            raise serializers.ValidationError("No school with that number that you can see.")
        return school


class ChildRecordSerializer(VersionMixin, serializers.ModelSerializer):
    young_person = ScopedYoungPersonField()
    create_only_fields = ("young_person",)


class ConcernSerializer(ChildRecordSerializer):
    update_only_fields = ("status", "closing_summary")  # a concern is recorded open

    class Meta:
        model = Concern
        fields = [*READ_ONLY, "young_person", *forms.ConcernEditForm.Meta.fields, "closed_at"]
        read_only_fields = [*READ_ONLY, "closed_at"]


class IncidentSerializer(ChildRecordSerializer):
    class Meta:
        model = Incident
        fields = [
            *READ_ONLY,
            "young_person",
            *forms.IncidentForm.Meta.fields,
            "outcome_at",
            "sergeant_review_required",
            "reviewed_at",
            *SNAPSHOT,
        ]
        read_only_fields = [*READ_ONLY, "sergeant_review_required", "reviewed_at"]


class SearchSerializer(ChildRecordSerializer):
    is_strip_search = serializers.BooleanField(read_only=True)

    class Meta:
        model = Search
        fields = [
            *READ_ONLY,
            "young_person",
            *forms.SearchForm.Meta.fields,
            "is_strip_search",
            "parent_notice_flag",
            "dsl_informed_at",
            *SNAPSHOT,
        ]
        read_only_fields = [*READ_ONLY, "parent_notice_flag", "dsl_informed_at"]


class InterventionSerializer(ChildRecordSerializer):
    class Meta:
        model = Intervention
        fields = [*READ_ONLY, "young_person", *forms.InterventionForm.Meta.fields]
        read_only_fields = READ_ONLY


class ReferralSerializer(ChildRecordSerializer):
    concern = serializers.IntegerField(
        source="concern_id", required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Referral
        fields = [
            *READ_ONLY,
            "young_person",
            *forms.ReferralForm.Meta.fields,
            "is_overdue",
            "consent_override_by",
            "automatic",
            "search",
        ]
        read_only_fields = [*READ_ONLY, "consent_override_by", "automatic", "search"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        concern_id = attrs.pop("concern_id", None)
        yp = attrs.get("young_person") or getattr(self.instance, "young_person", None)
        if concern_id is not None:
            concern = yp.concerns.filter(pk=concern_id).first() if yp else None
            if concern is None:
                raise serializers.ValidationError(
                    {"concern": "No concern with that number about this young person."}
                )
            attrs["concern"] = concern
        return attrs
