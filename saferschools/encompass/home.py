"""Home panel: Operation Encompass at a glance for the inspector (see `core.home`). Counts
only: the inspector does not read notifications."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.core.home import register_panel

from .selectors import monthly_figures, waiting_counts


@register_panel("encompass.health", roles=[Role.INSPECTOR], order=50)
def health(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    now = timezone.localtime()
    return {"encompass": {"month": monthly_figures(now.year, now.month), **waiting_counts(now=now)}}
