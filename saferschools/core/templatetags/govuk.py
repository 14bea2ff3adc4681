"""GOV.UK Frontend components as template tags and filters."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.http import urlencode

register = template.Library()


@register.inclusion_tag("govuk/components/error_summary.html")
def govuk_error_summary(*forms: Any) -> dict[str, Any]:
    """The error summary built from form errors, linking each to its field."""
    errors = []
    for form in forms:
        if form is None:
            continue
        for name, errs in form.errors.items():
            if name not in form.fields:
                anchor = "#main-content"
            elif getattr(form.fields[name].widget, "input_type", "") in {"radio", "checkbox"} and (
                getattr(form.fields[name].widget, "allow_multiple_selected", False)
                or getattr(form.fields[name].widget, "input_type", "") == "radio"
            ):
                anchor = f"#{form[name].auto_id}_0"  # the first option of the group
            else:
                anchor = f"#{form[name].id_for_label}"
            for e in errs:
                errors.append({"href": anchor, "text": e})
    return {"errors": errors}


@register.inclusion_tag("govuk/components/field.html")
def govuk_field(field: BoundField, hint: str = "", label_size: str = "") -> dict[str, Any]:
    widget = field.field.widget
    widget_type = getattr(widget, "input_type", "") or widget.__class__.__name__
    if widget_type == "radio":
        widget_type = "RadioSelect"
    return {
        "field": field,
        "hint": hint or field.help_text,
        "widget_type": widget_type,
        "label_size": label_size,
    }


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
