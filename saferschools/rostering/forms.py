"""Forms of the rostering pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from saferschools.core.forms import GovukDateInput, PeriodForm
from saferschools.estate.models import Division
from saferschools.workforce.models import Officer

from .models import AbsenceReason, SchoolClosure, SchoolYear


def DateInput() -> GovukDateInput:  # noqa: N802 - the GOV.UK date input (core)
    return GovukDateInput()


class GenerateForm(forms.Form):
    start = forms.DateField(
        label="First day",
        widget=DateInput(),
        help_text="Start on a Monday after a rest day, for example 29 June 2026.",
    )
    weeks = forms.IntegerField(label="Weeks", min_value=1, max_value=26, initial=12)
    division = forms.ModelChoiceField(
        queryset=Division.objects.all(),
        required=False,
        empty_label="Whole force",
        label="Division",
    )
    time_limit = forms.FloatField(
        label="Time limit (seconds)", min_value=1, max_value=300, initial=50
    )

    def clean_start(self) -> dt.date:
        start: dt.date = self.cleaned_data["start"]
        if start.weekday() != 0:
            raise forms.ValidationError("Start the roster on a Monday.")
        return start


class AbsenceForm(PeriodForm):
    officer = forms.ModelChoiceField(queryset=Officer.objects.none(), label="Officer")
    start = forms.DateField(label="First day", widget=DateInput())
    end = forms.DateField(label="Last day", widget=DateInput())
    reason = forms.ChoiceField(choices=AbsenceReason.choices, label="Reason")
    note = forms.CharField(label="Note", required=False, max_length=200)

    def __init__(self, *args: Any, officers: QuerySet[Officer], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class TermPeriodForm(PeriodForm):
    year = forms.ModelChoiceField(queryset=SchoolYear.objects.all(), label="School year")
    name = forms.CharField(
        label="Term period", max_length=60, help_text="For example Autumn 1 2026"
    )
    start = forms.DateField(label="First day", widget=DateInput())
    end = forms.DateField(label="Last day", widget=DateInput())


class ClosureForm(forms.ModelForm):
    class Meta:
        model = SchoolClosure
        fields = ["date", "establishment", "reason"]
        widgets = {"date": DateInput()}
        labels = {"establishment": "School (leave empty for every school)"}

    def __init__(self, *args: Any, **kw: Any) -> None:
        from saferschools.estate.models import Establishment

        super().__init__(*args, **kw)
        self.fields["establishment"].queryset = (  # type: ignore[attr-defined]
            Establishment.objects.secondary_phase().order_by("name")
        )


class DayOffForm(forms.Form):
    day = forms.DateField(label="Day off", widget=DateInput())
    note = forms.CharField(label="Reason (optional)", required=False, max_length=200)


class SwapForm(forms.Form):
    day = forms.DateField(label="Your day", widget=DateInput())
    colleague = forms.ModelChoiceField(queryset=Officer.objects.none(), label="Colleague")
    colleague_day = forms.DateField(
        label="Their day",
        widget=DateInput(),
        required=False,
        help_text="Leave empty to swap shifts on the same day.",
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)

    def __init__(self, *args: Any, colleagues: QuerySet[Officer], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["colleague"].queryset = colleagues  # type: ignore[attr-defined]
