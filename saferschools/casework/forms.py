"""Web forms. They parse and explain; the services decide (and re-check) the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from saferschools.accounts.scope import schools_visible_to
from saferschools.core.forms import VersionedForm

from .choices import ConcernStatus, LinkKind
from .models import Concern, Incident, Intervention, Referral, Search, YoungPerson


class YoungPersonForm(VersionedForm):
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label="I have checked: this is a different child from the possible matches above",
    )

    class Meta:
        model = YoungPerson
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "school",
            "year_group",
            "sex",
            "ethnicity",
            "fsm",
            "sen",
            "looked_after",
            "lawful_basis",
        ]
        labels = {
            "looked_after": "Looked-after status",
            "lawful_basis": "Lawful basis for holding this record",
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_visible_to(user).order_by("name")
        self.fields["ethnicity"].help_text = "As the young person describes it (ONS 2021)."


class ConcernForm(VersionedForm):
    class Meta:
        model = Concern
        fields = [
            "category",
            "raised_by",
            "raised_at",
            "risk_level",
            "details",
            "childs_words",
            "child_view_not_obtained",
        ]
        labels = {"raised_at": "When was it raised?", "risk_level": "Risk level"}
        help_texts = {
            "childs_words": "What the child said, in their words. Needed before the concern "
            "can be closed (or say below why their view could not be had).",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("raised_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))


class ConcernEditForm(ConcernForm):
    class Meta(ConcernForm.Meta):
        fields = [*ConcernForm.Meta.fields, "status", "closing_summary"]


class IncidentForm(VersionedForm):
    class Meta:
        model = Incident
        fields = [
            "occurred_at",
            "reported_by",
            "category",
            "description",
            "childs_words",
            "on_school_premises",
            "outcome",
        ]
        labels = {
            "occurred_at": "When did it happen?",
            "on_school_premises": "It happened on school premises",
        }


class SearchForm(VersionedForm):
    class Meta:
        model = Search
        fields = [
            "searched_at",
            "reason",
            "grounds",
            "power",
            "location",
            "extent",
            "searched_by_name",
            "searched_by_is_police",
            "others_present",
            "appropriate_adult_name",
            "appropriate_adult_role",
            "authorising_officer_name",
            "authorising_officer_rank",
            "items_found",
            "outcome",
            "parent_told_at",
            "parent_not_told_reason",
            "childs_words",
        ]
        labels = {
            "searched_at": "When was the search?",
            "extent": "How far did the search go?",
            "parent_told_at": "When was a parent or carer told?",
            "appropriate_adult_name": "Appropriate adult present",
            "authorising_officer_name": "Authorising officer (inspector or above)",
            "authorising_officer_rank": "Authorising officer's rank",
        }
        help_texts = {
            "appropriate_adult_name": "Required for a search that removes more than outer "
            "clothing.",
            "parent_told_at": "Parents should be told within 24 hours; leave blank and give "
            "the reason below if they were not told.",
        }


class InterventionForm(VersionedForm):
    class Meta:
        model = Intervention
        fields = [
            "kind",
            "provider",
            "start_date",
            "end_date",
            "due_date",
            "status",
            "outcome",
            "childs_words",
        ]


class ReferralForm(VersionedForm):
    class Meta:
        model = Referral
        fields = [
            "service",
            "concern",
            "reason",
            "made_on",
            "due_date",
            "status",
            "responded_on",
            "outcome",
            "consent",
            "consent_override_reason",
            "childs_words",
        ]
        labels = {"consent": "Consent to the referral"}
        help_texts = {
            "consent_override_reason": "Required if neither the young person nor a "
            "parent consented: you are recorded as overriding."
        }

    def __init__(self, *args: Any, young_person: YoungPerson | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        yp = young_person or getattr(self.instance, "young_person", None)
        self.fields["concern"].queryset = (
            yp.concerns.all() if yp is not None else Concern.objects.none()
        )
        self.fields["concern"].required = False


class ConcernCloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    childs_words = forms.CharField(
        label="The child's own words", widget=forms.Textarea, required=False
    )
    child_view_not_obtained = forms.CharField(
        label="Or: why the child's view could not be had", widget=forms.Textarea, required=False
    )
    closing_summary = forms.CharField(
        label="Closing summary", widget=forms.Textarea, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            not (data.get("childs_words") or "").strip()
            and not (data.get("child_view_not_obtained") or "").strip()
        ):
            self.add_error(
                "childs_words",
                "Record the child's own words, or why their view "
                "could not be had, before closing the concern.",
            )
        return data


class LinkForm(forms.Form):
    other = forms.IntegerField(
        label="Record number of the other young person", min_value=1, max_value=2**53
    )
    kind = forms.ChoiceField(choices=LinkKind.choices, label="How are they linked?")


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


CLOSED = ConcernStatus.CLOSED
