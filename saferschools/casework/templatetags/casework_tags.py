from __future__ import annotations

from typing import Any

from django import template

from ..display import display_rows as _display_rows

register = template.Library()


@register.filter
def display_rows(obj: Any) -> list[tuple[str, str]]:
    return _display_rows(obj)
