"""How a record reads on a page or in an export: label and value for each field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

HIDDEN = {
    "id",
    "name_key",
    "young_person",
    "is_synthetic",
    "version",
    "deleted_at",
    "school",
    "anonymised_at",
}


def format_value(obj: Any, f: models.Field) -> str:
    if f.choices:
        value = getattr(obj, f.attname)
        return "" if value in (None, "") else str(getattr(obj, f"get_{f.name}_display")())
    value = getattr(obj, f.name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%-d %B %Y")
    return str(value)


def display_rows(obj: Any, *, include_empty: bool = False) -> list[tuple[str, str]]:
    rows = []
    for f in obj._meta.concrete_fields:
        if f.name in HIDDEN:
            continue
        value = format_value(obj, f)
        if value or include_empty:
            label = str(f.verbose_name)
            rows.append((label[:1].upper() + label[1:], value))
    return rows
