from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .. import engine as E
from ..models import Plan, Scenario


class PlanSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "name",
            "status",
            "method",
            "officers",
            "sergeants",
            "solve_status",
            "objective",
            "bound",
            "gap",
            "seconds",
            "created_at",
            "created_by",
            "adopted_at",
        ]


class PlanDetailSerializer(PlanSerializer):
    document = serializers.JSONField(source="result")

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "document"]


class PlanCreateSerializer(serializers.Serializer):
    """What a plan is made from (the same knobs as `saferschools plan`)."""

    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    officers = serializers.IntegerField()
    sergeants = serializers.IntegerField(min_value=0, default=0)
    method = serializers.CharField(default=E.DEFAULT_METHOD)
    weights = serializers.DictField(child=serializers.FloatField(min_value=0), required=False)
    tolerance = serializers.FloatField(default=0.25)
    max_schools = serializers.IntegerField(default=6)
    stable = serializers.BooleanField(default=True)

    def validate_method(self, value: str) -> str:
        try:
            return E.canonical_method(value)
        except E.AllocationError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_weights(self, value: dict[str, Any]) -> dict[str, Any]:
        from ..services import parse_weights

        try:
            parse_weights(value)
        except E.AllocationError as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return value


class ScenarioSerializer(serializers.ModelSerializer):
    document = serializers.JSONField(source="result")

    class Meta:
        model = Scenario
        fields = ["id", "plan", "name", "start", "end", "inputs", "committed_at", "document"]
