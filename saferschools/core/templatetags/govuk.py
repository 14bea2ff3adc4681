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
    return {
        "field": field,
        "errors": field_errors(field),
        "hint": hint or field.help_text,
        "widget_type": widget_type,
        "label_size": label_size,
        "date_parts": widget.parts(field) if isinstance(widget, GovukDateInput) else [],
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
