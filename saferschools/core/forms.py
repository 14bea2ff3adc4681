"""Form pieces every app's GOV.UK pages share: the date input pattern and error messages that
name their field.

Business rules (GOV.UK Design System):
- a date is asked as three boxes, day, month and year (the "date input" pattern), never the
  browser's date picker: people know their date of birth, they do not pick it from a calendar;
- a date and time adds a fourth box for the time (for example 14:30);
- every error message names the field it is about ("Enter first day", "Date of birth must be
  a real date"), in the summary at the top of the page and beside the field alike, so a
  screen-reader user who jumps to the summary knows which answer to fix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField

from .records import EditConflict


class GovukDateInput(forms.MultiWidget):
    """Day, month and year boxes (and a time box when `with_time`) that give the field one
    "YYYY-MM-DD" (or "YYYY-MM-DD HH:MM") string, which `DateField`/`DateTimeField` parse."""

    input_type = "govuk-date"
    template_name = "django/forms/widgets/multiwidget.html"  # not used: govuk_field draws it

    def __init__(self, *, with_time: bool = False, attrs: dict[str, Any] | None = None) -> None:
        self.with_time = with_time
        parts: dict[str, forms.Widget] = {
            "day": forms.TextInput(),
            "month": forms.TextInput(),
            "year": forms.TextInput(),
        }
        if with_time:
            parts["time"] = forms.TextInput()
        super().__init__(parts, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, str) and value:
            try:
                value = (dt.datetime if self.with_time else dt.date).fromisoformat(value)
            except ValueError:
                return ["", "", ""] + ([""] if self.with_time else [])
        if isinstance(value, dt.datetime):
            from django.utils import timezone

            if timezone.is_aware(value):
                value = timezone.localtime(value)
            parts = [str(value.day), str(value.month), str(value.year)]
            return parts + ([f"{value:%H:%M}"] if self.with_time else [])
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)] + (
                [""] if self.with_time else []
            )
        return ["", "", ""] + ([""] if self.with_time else [])

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        if name in data and not any(f"{name}{s}" in data for s in self.widgets_names):
            return str(data.get(name) or "")  # one ISO value (a link, a script or a test)
        parts = [str(p or "").strip() for p in super().value_from_datadict(data, files, name)]
        if not any(parts):
            return ""
        day, month, year = parts[:3]
        text = f"{year or '?'}-{month or '?'}-{day or '?'}"
        if self.with_time:
            text += f" {parts[3] or '?'}"
        return text

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and all(f"{name}{s}" not in data for s in self.widgets_names)

    def parts(self, bound: BoundField) -> list[dict[str, Any]]:
        """The boxes to draw for a bound field: name, id, label, value and width."""
        name, base_id = bound.html_name, bound.auto_id or f"id_{bound.html_name}"
        data = bound.form.data
        if bound.form.is_bound and any(f"{name}{s}" in data for s in self.widgets_names):
            values = [str(data.get(f"{name}{s}", "")) for s in self.widgets_names]
        else:
            values = self.decompress(bound.value())
        labels = [("Day", 2), ("Month", 2), ("Year", 4)] + ([("Time", 5)] if self.with_time else [])
        return [
            {
                "name": f"{name}{suffix}",
                "id": f"{base_id}{suffix}",
                "label": label,
                "value": value,
                "width": width,
            }
            for suffix, (label, width), value in zip(
                self.widgets_names, labels, values, strict=True
            )
        ]


def govuk_dates(form: forms.BaseForm) -> None:
    """Give every date (and date-time) field of a form the GOV.UK date input."""
    for field in form.fields.values():
        if isinstance(field, forms.DateTimeField):
            field.widget = GovukDateInput(with_time=True)
            field.input_formats = [
                "%Y-%m-%d %H:%M",
                "%Y-%m-%d %H.%M",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%dT%H:%M:%S",
            ]
        elif isinstance(field, forms.DateField):
            field.widget = GovukDateInput()
            field.input_formats = ["%Y-%m-%d"]


class GovukDatesMixin:
    """Mixin for a form whose date fields use the GOV.UK date input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk_dates(self)  # type: ignore[arg-type]


def _label_in_sentence(label: str) -> str:
    """ "First day" -> "first day", but "URN" and "DSL name" keep their capitals."""
    label = str(label).strip().rstrip(":")
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def error_text(bound: BoundField, message: str) -> str:
    """The message for one error of a field, naming the field (GOV.UK error messages)."""
    field = bound.field
    label = str(bound.label or bound.name)
    message = str(message)
    widget = field.widget
    if message == str(field.error_messages.get("required", "")):
        if isinstance(widget, GovukDateInput):
            return f"Enter {_label_in_sentence(label)}"
        kind = getattr(widget, "input_type", "")
        if kind in {"radio", "checkbox", "select"} or isinstance(
            field, forms.ChoiceField | forms.ModelChoiceField
        ):
            return f"Select {_label_in_sentence(label)}"
        return f"Enter {_label_in_sentence(label)}"
    if isinstance(widget, GovukDateInput) and message == str(
        field.error_messages.get("invalid", "")
    ):
        missing = _missing_parts(bound)
        if missing:
            return f"{label} must include a {' and a '.join(missing)}"
        return f"{label} must be a real date"
    if label.lower() in message.lower():
        return message
    return f"{label}: {message}"


def _missing_parts(bound: BoundField) -> list[str]:
    widget = bound.field.widget
    names = ["day", "month", "year"] + (["time"] if getattr(widget, "with_time", False) else [])
    suffixes = list(getattr(widget, "widgets_names", []))
    return [
        n
        for n, s in zip(names, suffixes, strict=False)
        if not str(bound.form.data.get(f"{bound.html_name}{s}", "")).strip()
    ]


def field_errors(bound: BoundField) -> list[str]:
    """The errors of one bound field, each naming the field."""
    return [error_text(bound, e) for e in bound.errors]


class VersionedForm(forms.ModelForm):
    """A model form for a tracked record (`core.records`): the version it was opened at (so a
    save over someone else's change is refused), and GOV.UK date inputs."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        govuk_dates(self)  # day, month, year (and time) boxes: the GOV.UK date input

    def _post_clean(self) -> None:
        super()._post_clean()
        # The same rule is checked by clean() and a named constraint: say it once.
        field_msgs = {m for name, errs in self.errors.items() if name != "__all__" for m in errs}
        if "__all__" in self.errors:
            kept = [m for m in self.errors["__all__"] if m not in field_msgs]
            if kept:
                self.errors["__all__"] = self.error_class(kept)
            else:
                del self.errors["__all__"]

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class PeriodForm(forms.Form):
    """A form for a period of whole days, its fields `start` and `end` (first and last day,
    both included): the last day may not come before the first."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", "The last day must be on or after the first day.")
        return data


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form: each message beside its field, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def form_submit(
    form: forms.BaseForm,
    service: Callable[..., Any],
    /,
    *,
    refused: tuple[type[Exception], ...] = (),
    **arguments: Any,
) -> Any:
    """Call a service with a valid form's cleaned data (and `arguments`: the acting user, the
    request, the record it belongs to). A rule the service refuses goes back onto the form,
    beside its field; a stale version, or an error of the app's own kinds (`refused`, e.g. a
    planning error), at the top. The result is then None, and nothing was saved. (`form_save`
    is the same for a record's own create and update, with its version.)"""
    try:
        return service(**arguments, **form.cleaned_data)
    except EditConflict as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        apply_errors(form, exc)
    except refused as exc:
        form.add_error(None, str(exc))
    return None


@contextmanager
def refusals_on(form: forms.BaseForm, *kinds: type[Exception]) -> Iterator[None]:
    """A service called with a form's answers: an error of `kinds` it raises (a rule of the
    app's own that said no) goes at the top of the form, and the rest of the block is skipped,
    so the page shows the form again. (`form_submit` is this for a service that takes the
    form's fields by name.)"""
    try:
        yield
    except kinds as exc:
        form.add_error(None, str(exc))


def form_save(form: VersionedForm, save: Callable[..., Any], **arguments: Any) -> Any:
    """Call a record's create or update service with the form's changes (and `version` when the
    form was opened on a record). A conflict or a refused rule goes back onto the form: the
    result is then None, and nothing was saved."""
    if form.instance.pk:
        arguments["version"] = form.cleaned_data.get("version")
        arguments["changes"] = form.changes()
    else:
        arguments.update(form.changes())
    try:
        return save(**arguments)
    except EditConflict as exc:
        form.add_error(None, exc.message)
    except ValidationError as exc:
        apply_errors(form, exc)
    return None
