from __future__ import annotations

from rest_framework import serializers

from ..models import Roster, RosterShift


class RosterSerializer(serializers.ModelSerializer):
    scope_label = serializers.CharField(read_only=True)
    division = serializers.StringRelatedField(allow_null=True)
    sergeant = serializers.SlugRelatedField(
        slug_field="collar_number", read_only=True, allow_null=True
    )

    class Meta:
        model = Roster
        fields = [
            "id",
            "scope",
            "scope_label",
            "division",
            "sergeant",
            "start",
            "end",
            "weeks",
            "status",
            "version",
            "previous",
            "reason",
            "solve_status",
            "objective",
            "bound",
            "gap",
            "seconds",
            "violations",
            "created_at",
            "published_at",
        ]


class RosterShiftSerializer(serializers.ModelSerializer):
    officer = serializers.SlugRelatedField(slug_field="collar_number", read_only=True)
    officer_name = serializers.CharField(source="officer.short_name", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    division = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = RosterShift
        fields = [
            "id",
            "roster",
            "officer",
            "officer_name",
            "district",
            "division",
            "date",
            "shift_code",
            "start",
            "end",
        ]
