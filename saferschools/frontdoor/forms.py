"""Front door forms: the public ones ask for the minimum, in plain words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from saferschools.accounts.scope import schools_visible_to
from saferschools.core.forms import GovukDateInput

from . import selectors
from .choices import WORRIES, ResourceTopic, SafeAnswer, Sender, TalkAnswer, YesNo

MESSAGE_MAX = 2000


class HoneypotMixin(forms.Form):
    """A field people never see (hidden from sight and from screen readers). Bots that fill
    every box fill it too; a form with it filled is treated kindly and nothing is kept."""

    website = forms.CharField(required=False, label="Leave this empty")

    def is_bot(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def answers(self) -> dict[str, Any]:
        """What the person told us, by the names the service takes (the trap left out)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "website"}


class AskForm(HoneypotMixin):
    sender = forms.ChoiceField(
        choices=Sender.choices,
        widget=forms.RadioSelect,
        label="Who are you?",
        error_messages={"required": "Tell us who you are."},
    )
    message = forms.CharField(
        max_length=MESSAGE_MAX,
        widget=forms.Textarea,
        label="What do you want to tell us or ask?",
        error_messages={
            "required": "Write your message.",
            "max_length": f"Your message is too long. Keep it under {MESSAGE_MAX} letters.",
        },
    )
    email = forms.EmailField(
        required=False,
        max_length=254,
        label="Email (optional)",
        error_messages={"invalid": "Check your email. It should look like name@example.com."},
    )
    phone = forms.CharField(required=False, max_length=30, label="Phone number (optional)")
    name = forms.CharField(required=False, max_length=120, label="Your name (optional)")

    def answers(self) -> dict[str, Any]:
        """The message and how to reply, as `services.public_message_send` names them."""
        d = self.cleaned_data
        return {
            "sender": d["sender"],
            "message": d["message"],
            "reply_email": d["email"],
            "reply_phone": d["phone"],
            "name": d["name"],
        }

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and (len(digits) < 10 or any(c not in "0123456789 +()-" for c in phone)):
            raise forms.ValidationError("Check your phone number. It should have 11 numbers.")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            self.add_error("email", "Give us an email or a phone number so we can reply.")
        return data


def _question(choices: Any, label: str) -> forms.ChoiceField:
    """One survey question: radio buttons, an answer required."""
    return forms.ChoiceField(
        choices=choices,
        widget=forms.RadioSelect,
        label=label,
        error_messages={"required": "Choose an answer."},
    )


class SurveyForm(HoneypotMixin):
    safe_in_school = _question(SafeAnswer.choices, "Do you feel safe in school?")
    safe_around_school = _question(
        SafeAnswer.choices, "Do you feel safe on the way to school and near it?"
    )
    know_officer = _question(YesNo.choices, "Do you know who your schools officer is?")
    would_talk = _question(TalkAnswer.choices, "Would you talk to them if you were worried?")
    worries = forms.MultipleChoiceField(
        choices=list(WORRIES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="What worries you? Tick all that fit.",
    )

    def clean_worries(self) -> list[str]:
        worries = self.cleaned_data["worries"]
        if "worry_none" in worries and len(worries) > 1:
            raise forms.ValidationError(
                "You ticked 'Nothing worries me' and a worry. Untick one of them."
            )
        return worries


# ---------------------------------------------------------------- staff forms


class SurveyFilterForm(forms.Form):
    district = forms.ModelChoiceField(queryset=None, required=False, empty_label="All districts")
    school = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="School")
    period = forms.ChoiceField(
        choices=[("term", "By term"), ("month", "By month")], required=False, label="Group by"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from saferschools.estate.models import District

        schools = selectors.public_schools().filter(pk__in=schools_visible_to(user).values("pk"))
        self.fields["district"].queryset = (
            District.objects.filter(establishments__in=schools).distinct().order_by("name")
        )
        self.fields["school"].choices = [("", "All schools")] + [
            (s.urn, f"{s.name} ({s.urn})") for s in schools.order_by("name")
        ]


class ResourceForm(forms.Form):
    title = forms.CharField(max_length=150)
    topic = forms.ChoiceField(choices=ResourceTopic.choices)
    summary = forms.CharField(max_length=300, required=False)
    age_min = forms.IntegerField(min_value=4, max_value=19, label="Youngest age")
    age_max = forms.IntegerField(min_value=4, max_value=19, label="Oldest age")
    content = forms.CharField(widget=forms.Textarea, label="Key messages or lesson plan")
    link = forms.URLField(
        required=False, assume_scheme="https", label="Link to slides or handouts (optional)"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        lo, hi = data.get("age_min"), data.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("age_max", "The oldest age must be at least the youngest.")
        return data


class VersionForm(ResourceForm):
    change_note = forms.CharField(max_length=200, label="What changed?")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("title", "topic", "summary"):
            self.fields.pop(name)


class DeliveryForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label="Resource (approved version)")
    school = forms.ModelChoiceField(queryset=None)
    delivered_on = forms.DateField(label="Date delivered", widget=GovukDateInput())
    audience = forms.IntegerField(
        min_value=1, max_value=5000, required=False, label="How many were there (optional)"
    )
    session = forms.ModelChoiceField(
        queryset=None, required=False, label="The session you recorded (optional)"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from saferschools.engagement.selectors import sessions

        self.fields["version"].queryset = selectors.approved_versions().order_by("resource__title")
        self.fields["school"].queryset = schools_visible_to(user).order_by("name")
        self.fields["session"].queryset = sessions(user=user).order_by("-delivered_on")
        self.fields["delivered_on"].initial = timezone.localdate()
