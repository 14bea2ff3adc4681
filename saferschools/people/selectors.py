"""Reads of the people section: the list with its states, one person's page, lock state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from saferschools.accounts.choices import RoleChangeStatus
from saferschools.accounts.models import RoleChange, User
from saferschools.accounts.scope import VisibleRecord, visible_record

from .choices import PersonStatus
from .models import Invitation
from .permissions import can_manage


def _cool_off() -> dt.timedelta | None:
    from axes.helpers import get_cool_off

    return get_cool_off()


def locked_until(username: str, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """When a locked account unlocks by itself, or None if it is not locked.

    Business rule (django-axes, by username): the account is locked while the wrong passwords
    of the last `AXES_COOLOFF_TIME` number at least `AXES_FAILURE_LIMIT`; it unlocks when
    enough of them have aged out of that window.
    """
    from axes.models import AccessAttempt

    cool_off = _cool_off()
    now = now or timezone.now()
    limit = int(settings.AXES_FAILURE_LIMIT)
    rows = AccessAttempt.objects.filter(username=username)
    if cool_off is not None:
        rows = rows.filter(attempt_time__gte=now - cool_off)
    attempts = sorted(rows.values_list("attempt_time", "failures_since_start"))
    total = sum(n for _, n in attempts)
    if total < limit:
        return None
    if cool_off is None:
        return dt.datetime.max.replace(tzinfo=dt.UTC)  # locked until someone unlocks it
    for at, n in attempts:  # oldest first: the lock lifts when the sum falls below the limit
        total -= n
        if total < limit:
            return at + cool_off
    return None  # pragma: no cover (the loop always ends below the limit)


def locked_usernames(*, now: dt.datetime | None = None) -> set[str]:
    from axes.models import AccessAttempt

    cool_off = _cool_off()
    now = now or timezone.now()
    rows = AccessAttempt.objects.exclude(username=None)
    if cool_off is not None:
        rows = rows.filter(attempt_time__gte=now - cool_off)
    totals: dict[str, int] = {}
    for name, n in rows.values_list("username", "failures_since_start"):
        totals[name] = totals.get(name, 0) + n
    return {u for u, n in totals.items() if n >= int(settings.AXES_FAILURE_LIMIT)}


def _open_invitation() -> Exists:
    return Exists(
        Invitation.objects.filter(
            user=OuterRef("pk"), used_at=None, withdrawn_at=None, expires_at__gt=timezone.now()
        )
    )


def _awaiting_approval() -> Exists:
    return Exists(
        RoleChange.objects.filter(
            user=OuterRef("pk"), status=RoleChangeStatus.PENDING, activate=True
        )
    )


def with_status(qs: QuerySet[User]) -> QuerySet[User]:
    return qs.annotate(
        has_open_invitation=_open_invitation(), awaiting_approval=_awaiting_approval()
    )


def status_q(status: str) -> Q:
    """The filter for one derived status (locked is added by the caller: it needs axes)."""
    never_set_up = Q(password__startswith="!") & Q(last_login__isnull=True)
    if status == PersonStatus.DEACTIVATED:
        return Q(is_active=False, awaiting_approval=False)
    if status == PersonStatus.AWAITING_APPROVAL:
        return Q(is_active=False, awaiting_approval=True)
    if status == PersonStatus.INVITED:
        return Q(is_active=True) & never_set_up & Q(has_open_invitation=True)
    if status == PersonStatus.NOT_INVITED:
        return Q(is_active=True) & never_set_up & Q(has_open_invitation=False)
    if status == PersonStatus.ACTIVE:
        return Q(is_active=True) & ~never_set_up
    return Q()


def person_status(user: User, *, locked: set[str] | None = None) -> str:
    """One person's state as the list shows it."""
    if not user.is_active:
        awaiting = getattr(user, "awaiting_approval", None)
        if awaiting is None:
            awaiting = RoleChange.objects.filter(
                user=user, status=RoleChangeStatus.PENDING, activate=True
            ).exists()
        return PersonStatus.AWAITING_APPROVAL if awaiting else PersonStatus.DEACTIVATED
    is_locked = (
        user.username in locked if locked is not None else locked_until(user.username) is not None
    )
    if is_locked:
        return PersonStatus.LOCKED
    if user.last_login is None and not user.has_usable_password():
        has_invite = getattr(user, "has_open_invitation", None)
        if has_invite is None:
            has_invite = Invitation.objects.filter(
                user=user, used_at=None, withdrawn_at=None, expires_at__gt=timezone.now()
            ).exists()
        return PersonStatus.INVITED if has_invite else PersonStatus.NOT_INVITED
    return PersonStatus.ACTIVE


def person_list(*, user: Any) -> QuerySet[User]:
    """Everyone, for those who manage people; no one otherwise."""
    if not can_manage(user):
        return User.objects.none()
    return with_status(
        User.objects.select_related(
            "school__district__division", "officer__district__division", "school_post"
        ).order_by("last_name", "first_name", "username")
    )


person_get: VisibleRecord[User] = visible_record(person_list)


@dataclass
class PersonRow:
    person: User
    status: str
    status_label: str
    locked_until: dt.datetime | None = None


def rows_for(people: list[User]) -> list[PersonRow]:
    locked = locked_usernames()
    out = []
    for p in people:
        status = person_status(p, locked=locked)
        until = locked_until(p.username) if status == PersonStatus.LOCKED else None
        out.append(PersonRow(p, status, PersonStatus(status).label, until))
    return out
