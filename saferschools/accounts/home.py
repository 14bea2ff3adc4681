"""The home page's title for each role, and the inspector's unread alerts (see `core.home`)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from saferschools.core.home import Stat, register_panel, register_title
from saferschools.core.models import Notification

from .choices import SCHOOL_ROLES, Role

register_title(Role.SCHOOLS_OFFICER, "Your day")
register_title(Role.SERGEANT, "Your team today")
register_title(Role.INSPECTOR, "Programme health")
register_title(Role.COORDINATOR, "This month's figures")
for _role in SCHOOL_ROLES:
    register_title(_role, lambda user: user.school.name if user.school else "Your school")


@register_panel("accounts.alerts", roles=[Role.INSPECTOR], order=60)
def alerts(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    count = unread.count()
    return {
        "alerts": list(unread.order_by("-created_at")[:5]),
        "alerts_unread": count,
        "stats": [
            Stat(
                "alerts-unread",
                "Unread alerts",
                count,
                rank=40,
                link=reverse("core:inbox"),
                link_text="Inbox",
            )
        ],
    }
