"""Home panel about plans: the inspector's redeployment scenarios not yet committed and plans
awaiting adoption (see `core.home`)."""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.core.home import register_panel

from .models import Plan, Scenario


@register_panel("allocation.plans", roles=[Role.INSPECTOR], order=40)
def plans(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    return {
        "open_scenarios": list(
            Scenario.objects.filter(committed_at__isnull=True)
            .select_related("plan")
            .order_by("-created_at")[:10]
        ),
        "plans_awaiting": list(
            Plan.objects.filter(status=Plan.Status.DRAFT).order_by("-created_at")[:10]
        ),
    }
