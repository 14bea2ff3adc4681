"""Who may record and who may read Operation Encompass notifications.

Business rules (statutory guidance: the notification is shared only with those who need it):
- **Record**: the force's Encompass team, schools officers, sergeants and the inspector.
- **Read** a notification: the Encompass team (every one); the officer who recorded it; the
  school's named officer and the officer covering for them today; the school's designated
  safeguarding leads. Nobody else: not the headteacher as such, not the performance
  co-ordinator, not the administrator, never the public.
- **Acknowledge**: the school's safeguarding leads; the Encompass team on behalf of a school or
  local authority told without an account (recording a telephone acknowledgement).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import is_active_user

from .models import Notification, TeamMember

RECORDING_ROLES = frozenset({Role.SCHOOLS_OFFICER, Role.SERGEANT, Role.INSPECTOR})
#: Besides the Encompass team: who sees the monthly figures (counts, no child).
FIGURES_ROLES = frozenset({Role.INSPECTOR, Role.COORDINATOR, Role.SERGEANT})


def is_team_member(user: Any) -> bool:
    return is_active_user(user) and TeamMember.objects.filter(user=user).exists()


def is_lead(user: Any) -> bool:
    return is_active_user(user) and TeamMember.objects.filter(user=user, is_lead=True).exists()


def may_record(user: Any) -> bool:
    return is_active_user(user) and (user.role in RECORDING_ROLES or is_team_member(user))


def may_use(user: Any) -> bool:
    """Sees the Encompass pages at all (the queue may still be empty)."""
    return may_record(user) or (is_active_user(user) and user.role == Role.DSL)


def may_see_figures(user: Any) -> bool:
    return is_active_user(user) and (user.role in FIGURES_ROLES or is_team_member(user))


def notifications_visible_to(user: Any, *, on: dt.date | None = None) -> QuerySet[Notification]:
    qs = Notification.objects.all()
    if not is_active_user(user):
        return qs.none()
    if is_team_member(user):
        return qs
    if user.role == Role.DSL:
        return qs.filter(establishment_id=user.school_id) if user.school_id else qs.none()
    if user.role not in RECORDING_ROLES:
        return qs.none()
    mine = Q(incident__created_by=user)
    officer = getattr(user, "officer", None)
    if officer is None:
        return qs.filter(mine)
    day = on or timezone.localdate()
    covering = Q(
        establishment__cover_assignments__officer=officer,
        establishment__cover_assignments__start__lte=day,
    ) & (
        Q(establishment__cover_assignments__end__isnull=True)
        | Q(establishment__cover_assignments__end__gte=day)
    )
    named = Q(establishment__named_assignment__officer=officer)
    return qs.filter(mine | named | covering).distinct()


def may_read(user: Any, notification: Notification) -> bool:
    return notifications_visible_to(user).filter(pk=notification.pk).exists()


def may_acknowledge(user: Any, notification: Notification) -> bool:
    if not is_active_user(user):
        return False
    if user.role == Role.DSL:
        return bool(
            notification.establishment_id and user.school_id == notification.establishment_id
        )
    return is_team_member(user)
