"""Forms of the people section (GOV.UK wording; errors name the field)."""

from __future__ import annotations

from typing import Any

from django import forms

from saferschools.accounts.choices import Role
from saferschools.estate.models import District, Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

from .choices import MovementKind, SchoolPosition


class SchoolUrnField(forms.IntegerField):
    """A school given by its URN (the number on Get Information about Schools)."""

    def clean(self, value: Any) -> Establishment | None:  # type: ignore[override]
        urn = super().clean(value)
        if urn is None:
            return None
        school = Establishment.objects.filter(urn=urn).first()
        if school is None:
            raise forms.ValidationError(f"There is no school with URN {urn}")
        return school


def _role_choices(acting_user: Any) -> list[tuple[str, str]]:
    return [
        (r.value, r.label)
        for r in Role
        if r != Role.SYSADMIN or getattr(acting_user, "role", "") == Role.SYSADMIN
    ]


def _rank_field(label: str, blank: str) -> forms.ChoiceField:
    """An officer's rank, optional (`blank` says what no answer means)."""
    return forms.ChoiceField(label=label, required=False, choices=[("", blank), *Rank.choices])


def _district_field(label: str, blank: str) -> forms.ModelChoiceField:
    """The district an officer works in, optional (`blank` says what no answer means)."""
    return forms.ModelChoiceField(
        label=label, required=False, queryset=District.objects.order_by("name"), empty_label=blank
    )


def _team_field(label: str, blank: str) -> forms.ModelChoiceField:
    """The team an officer joins: an active sergeant's, optional (`blank`: what none means)."""
    sergeants = Officer.objects.filter(rank=Rank.SERGEANT, is_active=True).order_by("last_name")
    return forms.ModelChoiceField(
        label=label, required=False, queryset=sergeants, empty_label=blank
    )


class PersonCreateForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Work e-mail address",
        help_text="The invitation is sent here. Police staff: the address your force's "
        "sign-in knows you by.",
    )
    role = forms.ChoiceField(label="Role")
    school = SchoolUrnField(
        label="School URN (school staff only)",
        required=False,
        min_value=1,
        help_text="Headteachers and safeguarding leads only: the school's URN.",
    )
    position = forms.ChoiceField(
        label="Post at the school (school staff only)",
        required=False,
        choices=[("", "Choose a post"), *SchoolPosition.choices],
    )
    collar_number = forms.CharField(
        label="Collar number (police only)",
        required=False,
        max_length=20,
        help_text="Links the officer record with this collar number (made if new).",
    )
    rank = _rank_field("Rank (police only)", "From the role")
    district = _district_field("District (police only)", "No district yet")
    sergeant = _team_field("Team (police only)", "No team yet")
    invite = forms.BooleanField(
        label="Send the invitation by e-mail now", required=False, initial=True
    )

    def __init__(self, *args: Any, acting_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role"), *_role_choices(acting_user)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = data.get("role")
        if role in {Role.HEADTEACHER, Role.DSL} and not data.get("school"):
            self.add_error("school", "Enter the URN of the school this person works at")
        if role not in {Role.HEADTEACHER, Role.DSL} and data.get("school"):
            self.add_error("school", "Only headteachers and safeguarding leads have a school")
        if not data.get("collar_number") and (
            data.get("district") or data.get("sergeant") or data.get("rank")
        ):
            self.add_error("collar_number", "Enter the collar number of the officer record")
        return data


class LinkOfficerForm(forms.Form):
    collar_number = forms.CharField(
        label="Collar number",
        max_length=20,
        help_text="If no officer record has this collar number, one is made.",
    )
    rank = _rank_field("Rank", "Keep, or from the role")
    district = _district_field("District", "Keep the district")
    sergeant = _team_field("Team (sergeant)", "Keep the team")


class LinkSchoolForm(forms.Form):
    school = SchoolUrnField(label="School URN", min_value=1)
    position = forms.ChoiceField(label="Post at the school", choices=SchoolPosition.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="New role")
    school = SchoolUrnField(label="School URN (school staff only)", required=False, min_value=1)

    def __init__(self, *args: Any, acting_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role"), *_role_choices(acting_user)]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Saved from your spreadsheet as 'CSV UTF-8', with a header row.",
    )
    dry_run = forms.BooleanField(
        label="Only check the file and list what would change", required=False, initial=True
    )

    def clean_file(self) -> bytes:
        f = self.cleaned_data["file"]
        if f.size > 2_000_000:
            raise forms.ValidationError("The file is over 2 MB: split it into smaller files")
        return f.read()


class MovementForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is happening", choices=MovementKind.choices, widget=forms.RadioSelect
    )
    effective = forms.DateField(
        label="From (YYYY-MM-DD)",
        help_text="The first day they are no longer named for their schools, e.g. 2026-12-01",
    )
    to_district = forms.ModelChoiceField(
        label="New district (a move only)",
        required=False,
        queryset=District.objects.order_by("name"),
        empty_label="Choose a district",
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == MovementKind.MOVER and not data.get("to_district"):
            self.add_error("to_district", "Choose the district the officer moves to")
        return data
