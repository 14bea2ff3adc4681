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

from django.db.models import Count, Q

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import can_see_children
from saferschools.core.home import register_panel

from . import selectors
from .choices import ConcernStatus, ReferralStatus

#: How many of each list the home page shows (the oldest first); the heading gives the whole
#: count and links to the full list.
HOME_LIST_LIMIT = 10


@register_panel("casework.my_casework", roles=[Role.SCHOOLS_OFFICER], order=40)
def my_casework(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    empty: dict[str, Any] = {
        "overdue_referrals": [],
        "awaiting_voice": [],
        "awaiting_closure": [],
        "overdue_referrals_count": 0,
        "awaiting_voice_count": 0,
        "awaiting_closure_count": 0,
    }
    if not can_see_children(user):
        return empty
    rows = h.get("schools", [])
    open_concerns = selectors.concerns(user=user).filter(status=ConcernStatus.OPEN)
    counts = dict(
        open_concerns.filter(school_id__in=[r.school.pk for r in rows])
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    for r in rows:
        r.open_concerns = counts.get(r.school.pk, 0)
    overdue = (
        selectors.referrals(user=user)
        .filter(status=ReferralStatus.MADE, due_date__lt=h["today"])
        .order_by("due_date", "pk")
    )
    # Empty text is stored empty (only what is written is encrypted), so "no voice yet" is a
    # query rather than a decryption of every open concern.
    no_voice = Q(childs_words="", child_view_not_obtained="")
    voice = open_concerns.filter(no_voice).order_by("raised_at", "pk")
    closure = open_concerns.exclude(no_voice).order_by("raised_at", "pk")
    return {
        "overdue_referrals": list(overdue[:HOME_LIST_LIMIT]),
        "awaiting_voice": list(voice[:HOME_LIST_LIMIT]),
        "awaiting_closure": list(closure[:HOME_LIST_LIMIT]),
        "overdue_referrals_count": overdue.count(),
        "awaiting_voice_count": voice.count(),
        "awaiting_closure_count": closure.count(),
    }
