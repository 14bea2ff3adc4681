"""GOV.UK Frontend components as template tags and filters."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.http import urlencode

from saferschools.core.forms import GovukDateInput, error_text, field_errors

register = template.Library()


@register.inclusion_tag("govuk/components/error_summary.html")
def govuk_error_summary(*forms: Any) -> dict[str, Any]:
    """The GOV.UK error summary of one or more forms: one link per error, each naming its
    field's label (the same words as beside the field) and linking to its first input."""
    errors = []
    for form in forms:
        if form is None:
            continue
        for name, errs in form.errors.items():
            if name not in form.fields:
                for e in errs:
                    errors.append({"href": "#main-content", "text": e})
                continue
            bound = form[name]
            widget = form.fields[name].widget
            if isinstance(widget, GovukDateInput):
                anchor = f"#{bound.auto_id}{widget.widgets_names[0]}"  # the day box
            elif getattr(widget, "input_type", "") in {"radio", "checkbox"} and (
                getattr(widget, "allow_multiple_selected", False)
                or getattr(widget, "input_type", "") == "radio"
            ):
                anchor = f"#{bound.auto_id}_0"  # the first option of the group
            else:
                anchor = f"#{bound.id_for_label}"
            for e in errs:
                errors.append({"href": anchor, "text": error_text(bound, e)})
    return {"errors": errors}


@register.filter
def govuk_errors(field: BoundField) -> list[str]:
    """A field's errors, each naming the field (for templates that draw their own input)."""
    return field_errors(field)


@register.inclusion_tag("govuk/components/field.html")
def govuk_field(field: BoundField, hint: str = "", label_size: str = "") -> dict[str, Any]:
    widget = field.field.widget
    widget_type = getattr(widget, "input_type", "") or widget.__class__.__name__
    if widget_type == "radio":
        widget_type = "RadioSelect"
    # One choice of several (radios) or any number (checkboxes): the same GOV.UK group.
    choices = None
    if widget_type == "RadioSelect":
        choices = {"group": "radios", "input": "radio"}
    elif widget_type == "checkbox" and getattr(widget, "allow_multiple_selected", False):
        widget_type = "CheckboxSelectMultiple"
        choices = {"group": "checkboxes", "input": "checkbox"}
    return {
        "choices": choices,
        "field": field,
        "errors": field_errors(field),
        "hint": hint or field.help_text,
        "widget_type": widget_type,
        "label_size": label_size,
        "date_parts": widget.parts(field) if isinstance(widget, GovukDateInput) else [],
    }


@register.inclusion_tag("govuk/components/date_fields.html")
def govuk_date_fields(
    legend: str,
    hint: str,
    day: BoundField,
    month: BoundField,
    year: BoundField,
    hour: BoundField | None = None,
    minute: BoundField | None = None,
) -> dict[str, Any]:
    """A GOV.UK date input whose boxes are separate form fields (day, month and year, and
    optionally hour and minute), for forms that check each part on its own. Every part's
    errors are listed above the boxes, and a box with an error is marked."""
    parts = [("Day", day, 2), ("Month", month, 2), ("Year", year, 4)]
    if hour is not None and minute is not None:
        parts += [("Hour", hour, 2), ("Minute", minute, 2)]
    return {
        "legend": legend,
        "hint": hint,
        "hint_id": f"{day.auto_id}-hint",
        "parts": [{"label": label, "field": f, "width": width} for label, f, width in parts],
        "errors": [e for _, f, _ in parts for e in f.errors],
    }


@register.inclusion_tag("govuk/components/table_head.html")
def govuk_table_head(*headings: str) -> dict[str, Any]:
    """The head row of a GOV.UK table: one column heading per argument; a heading written
    "Pupils|numeric" is right-aligned for a column of numbers (GOV.UK's numeric header)."""
    columns = []
    for heading in headings:
        text, _, kind = heading.partition("|")
        columns.append({"text": text, "numeric": kind == "numeric"})
    return {"columns": columns}


@register.simple_tag(takes_context=True)
def url_with(context: Any, **kwargs: Any) -> str:
    """The current query string with some parameters replaced (for paging links)."""
    params = context["request"].GET.copy()
    for k, v in kwargs.items():
        params[k] = v
    return "?" + urlencode(sorted(params.items()))


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    if value is None or value == "":
        return "–"
    return f"{float(value) * 100:.{digits}f}%"
