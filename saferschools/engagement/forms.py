"""Engagement web forms."""

from __future__ import annotations

from typing import Any

from django import forms

from saferschools.accounts.scope import schools_visible_to
from saferschools.core.forms import VersionedForm
from saferschools.estate.models import District

from .choices import RequestStatus
from .models import SchoolContact, SchoolRequest, Session, YouthActivity


class _Scoped(VersionedForm):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "school" in self.fields:
            self.fields["school"].queryset = schools_visible_to(user).order_by("name")
        if "district" in self.fields:
            self.fields["district"].queryset = (
                District.objects.filter(establishments__in=schools_visible_to(user))
                .distinct()
                .order_by("name")
            )


class SchoolContactForm(_Scoped):
    class Meta:
        model = SchoolContact
        fields = ["school", "contact_on", "kind", "contact_with", "notes"]
        labels = {"contact_on": "Date of contact", "contact_with": "With whom"}


class SchoolRequestForm(_Scoped):
    class Meta:
        model = SchoolRequest
        fields = ["school", "topic", "priority", "subject", "message", "requester_phone"]
        labels = {
            "requester_phone": "Phone number for the reply (optional)",
            "message": "What do you need?",
        }


class SessionForm(_Scoped):
    class Meta:
        model = Session
        fields = ["school", "delivered_on", "kind", "topic", "year_group", "attendance", "notes"]
        labels = {"attendance": "Number of young people present"}


class YouthActivityForm(_Scoped):
    class Meta:
        model = YouthActivity
        fields = [
            "kind",
            "title",
            "school",
            "district",
            "partner",
            "starts_on",
            "ends_on",
            "sessions",
            "attendance",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].required = False
        self.fields["district"].required = False


class ReplyForm(forms.Form):
    body = forms.CharField(label="Message", widget=forms.Textarea, max_length=10000)
    status = forms.ChoiceField(
        label="Status after this message",
        required=False,
        choices=[("", "Leave as it is"), *RequestStatus.choices],
    )
