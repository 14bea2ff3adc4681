"""Forms for recording a notification (GOV.UK date input: day, month, year as three boxes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from saferschools.estate.models import Establishment

from .choices import NotSpokenReason, Presence


def _date_from(
    cleaned: dict[str, Any], prefix: str, label: str, form: forms.Form
) -> dt.date | None:
    parts = [cleaned.get(f"{prefix}_{p}") for p in ("day", "month", "year")]
    if any(p is None for p in parts):
        form.add_error(f"{prefix}_day", f"{label} must include a day, month and year")
        return None
    day, month, year = (int(p) for p in parts)  # type: ignore[arg-type]
    try:
        return dt.date(year, month, day)
    except ValueError:
        form.add_error(f"{prefix}_day", f"{label} must be a real date")
        return None


def _day() -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=31, required=False)


def _month() -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=12, required=False)


def _year() -> forms.IntegerField:
    return forms.IntegerField(min_value=1900, max_value=2100, required=False)


class IncidentForm(forms.Form):
    police_reference = forms.CharField(label="Police reference", max_length=40)
    incident_day = _day()
    incident_month = _month()
    incident_year = _year()
    incident_hour = forms.IntegerField(min_value=0, max_value=23, required=False)
    incident_minute = forms.IntegerField(min_value=0, max_value=59, required=False)
    location = forms.CharField(label="Where it happened", widget=forms.Textarea)
    circumstances = forms.CharField(label="Brief circumstances", widget=forms.Textarea)
    other_information = forms.CharField(
        label="Other safeguarding information (optional)", widget=forms.Textarea, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        day = _date_from(cleaned, "incident", "Date of the incident", self)
        hour, minute = cleaned.get("incident_hour"), cleaned.get("incident_minute")
        if hour is None or minute is None:
            self.add_error("incident_hour", "Time of the incident must include hours and minutes")
        elif day is not None:
            cleaned["occurred_at"] = timezone.make_aware(
                dt.datetime.combine(day, dt.time(hour, minute))
            )
        return cleaned


class ChildForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=80)
    last_name = forms.CharField(label="Last name", max_length=80)
    dob_day = _day()
    dob_month = _month()
    dob_year = _year()
    school = forms.CharField(
        label="School (name or URN)",
        required=False,
        help_text="Any school, college or unit in the register, of any phase.",
    )
    home_educated_la = forms.ChoiceField(
        label="Or, if educated at home, the local authority", required=False, choices=()
    )
    presence = forms.ChoiceField(
        label="Was the child present?", choices=Presence.choices, widget=forms.RadioSelect
    )
    where = forms.CharField(label="Where was the child (optional)", required=False, max_length=200)
    spoken_to = forms.ChoiceField(
        label="Was the child spoken to?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )
    childs_words = forms.CharField(
        label="What the child said, in their words", widget=forms.Textarea, required=False
    )
    others_present = forms.CharField(
        label="Who else was there when the child spoke (optional)", required=False
    )
    not_spoken_reason = forms.ChoiceField(
        label="If not spoken to, why",
        choices=[("", "Choose a reason"), *NotSpokenReason.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        las = (
            Establishment.objects.exclude(la_code="")
            .values_list("la_code", "la_name")
            .distinct()
            .order_by("la_name")
        )
        self.fields["home_educated_la"].choices = [("", "Not educated at home"), *las]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["date_of_birth"] = _date_from(cleaned, "dob", "Date of birth", self)
        query = (cleaned.get("school") or "").strip()
        la = cleaned.get("home_educated_la") or ""
        cleaned["establishment"] = None
        if query and la:
            self.add_error("school", "Give a school or a local authority, not both")
        elif query:
            matches = find_establishments(query)
            if len(matches) == 1:
                cleaned["establishment"] = matches[0]
            elif not matches:
                self.add_error("school", f"No school in the register matches “{query}”")
            else:
                listed = "; ".join(f"{m.name}, {m.town} (URN {m.urn})" for m in matches[:8])
                self.add_error("school", f"More than one school matches: type its URN. {listed}")
        elif not la:
            self.add_error("school", "Enter the child's school, or choose the local authority")
        if cleaned.get("spoken_to") == "yes" and not (cleaned.get("childs_words") or "").strip():
            self.add_error(
                "childs_words", "Record what the child said, or say they were not spoken to"
            )
        if cleaned.get("spoken_to") == "no" and not cleaned.get("not_spoken_reason"):
            self.add_error("not_spoken_reason", "Say why the child was not spoken to")
        return cleaned


def find_establishments(query: str) -> list[Establishment]:
    """Every establishment of any phase in the register matching a URN or a name."""
    qs = Establishment.objects.all()
    if query.isdigit():
        return list(qs.filter(urn=int(query)))
    exact = list(qs.filter(name__iexact=query)[:9])
    if len(exact) == 1:
        return exact
    return list(qs.filter(Q(name__icontains=query)).order_by("-status", "name")[:9])


class AcknowledgeForm(forms.Form):
    support_given = forms.CharField(
        label="Support the school gave or will give (optional)",
        widget=forms.Textarea,
        required=False,
    )


ChildFormSet = forms.formset_factory(ChildForm, extra=0, min_num=1, validate_min=True, max_num=12)
