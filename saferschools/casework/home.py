"""Home panel about children: an officer's overdue referrals and open concerns, and the open
concerns of each of their schools (see `core.home`).

Business rules:
- only for those who may see children (`accounts.scope.can_see_children`), within their scope;
- a concern awaits the child's voice until their words (or why they could not be had) are
  recorded, then awaits closure while it is open;
- a referral is overdue after its due date while it still awaits a response.
"""

from __future__ import annotations

from typing import Any

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import can_see_children
from saferschools.core.home import register_panel

from . import selectors
from .models import Concern


@register_panel("casework.my_casework", roles=[Role.SCHOOLS_OFFICER], order=40)
def my_casework(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    if not can_see_children(user):
        return {"overdue_referrals": [], "awaiting_voice": [], "awaiting_closure": []}
    rows = h.get("schools", [])
    counts: dict[int, int] = {}
    for sid in Concern.objects.filter(
        young_person__school_id__in=[r.school.pk for r in rows], status="open"
    ).values_list("young_person__school_id", flat=True):
        counts[sid] = counts.get(sid, 0) + 1
    for r in rows:
        r.open_concerns = counts.get(r.school.pk, 0)
    overdue = list(
        selectors.referrals(user=user)
        .filter(status="made", due_date__lt=h["today"])
        .select_related("young_person")
        .order_by("due_date")
    )
    open_concerns = list(
        selectors.concerns(user=user)
        .filter(status="open")
        .select_related("young_person")
        .order_by("raised_at")
    )
    return {
        "overdue_referrals": overdue,
        "awaiting_voice": [c for c in open_concerns if not c.has_child_voice],
        "awaiting_closure": [c for c in open_concerns if c.has_child_voice],
    }
