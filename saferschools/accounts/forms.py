from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from saferschools.core.forms import govuk_dates

from .choices import Action, Outcome


class SignInForm(AuthenticationForm):
    username = forms.CharField(label="Username", max_length=150)
    password = forms.CharField(label="Password", strip=False, widget=forms.PasswordInput)

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been disabled. Ask your system administrator.",
    }


class OneTimeCodeInput(forms.TextInput):
    input_type = "text"

    def __init__(self) -> None:
        super().__init__(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        min_length=6,
        max_length=8,
        widget=OneTimeCodeInput(),
        help_text="The 6-digit code your app shows now. Each code works once.",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, like 123456")
        return token


class NewPasswordForm(PasswordChangeForm):
    """Django's password change, with GOV.UK wording."""


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="Username", required=False)
    record_type = forms.CharField(
        label="Record type", required=False, help_text="For example casework.YoungPerson"
    )
    record_id = forms.CharField(label="Record id", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *Action.choices]
    )
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "Any outcome"), *Outcome.choices]
    )
    date_from = forms.DateField(
        label="From date", required=False, help_text="For example, 1 9 2026"
    )
    date_to = forms.DateField(label="To date", required=False, help_text="For example, 30 9 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_dates(self)  # day, month and year boxes (the GOV.UK date input)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return data
