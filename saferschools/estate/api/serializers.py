from rest_framework import serializers

from ..models import District, Establishment


class DistrictSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.name", default=None)
    secondary_phase_schools = serializers.IntegerField(read_only=True)

    class Meta:
        model = District
        fields = ["id", "code", "name", "division", "secondary_phase_schools"]


class EstablishmentSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.code", default=None)
    district_name = serializers.CharField(source="district.name", default=None)
    is_secondary_phase = serializers.BooleanField(read_only=True)
    named_officer = serializers.SerializerMethodField()

    class Meta:
        model = Establishment
        fields = [
            "id",
            "urn",
            "name",
            "type_name",
            "phase",
            "school_group",
            "is_secondary_phase",
            "status",
            "number_of_pupils",
            "percentage_fsm",
            "town",
            "postcode",
            "easting",
            "northing",
            "latitude",
            "longitude",
            "lsoa_code",
            "lsoa11_code",
            "district",
            "district_name",
            "named_officer",
        ]

    def get_named_officer(self, obj: Establishment) -> str | None:
        assignment = getattr(obj, "named_assignment", None)
        return assignment.officer.public_name if assignment else None
