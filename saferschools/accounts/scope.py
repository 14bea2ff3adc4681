"""Who may see which schools: the one place scope is decided, for web pages and the API.

Business rules:
- inspector (programme lead), performance co-ordinator and system administrator: every school
  (the co-ordinator sees aggregates only; the administrator no casework — those limits are in
  the casework selectors);
- sergeant: the schools of their team (officers whose sergeant they are), and their own;
- schools officer: the schools they are named for, and those they cover today;
- headteacher and designated safeguarding lead: their own school only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from saferschools.estate.models import Establishment

from .choices import CHILD_ROLES, Role

ALL_SCHOOL_ROLES = frozenset({Role.INSPECTOR, Role.COORDINATOR, Role.SYSADMIN})


def is_active_user(user: Any) -> bool:
    """Signed in with an account that is not disabled."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def role_of(user: Any) -> str:
    """The user's role, or "" for anonymous or disabled users."""
    return getattr(user, "role", "") if is_active_user(user) else ""


def role_in(roles: Iterable[str]) -> Callable[[Any], bool]:
    """The permission "the user's role is one of `roles`" (never an anonymous or disabled
    user): `can_read_plans = role_in(PLAN_READERS)`."""
    allowed = frozenset(roles)

    def permitted(user: Any) -> bool:
        return role_of(user) in allowed

    return permitted


_M = TypeVar("_M", bound=Model)
_M_co = TypeVar("_M_co", bound=Model, covariant=True)


class VisibleRecord(Protocol[_M_co]):
    def __call__(self, *, user: Any, pk: int) -> _M_co | None: ...


def visible_record(listing: Callable[..., QuerySet[_M]]) -> VisibleRecord[_M]:
    """The `<entity>_get(*, user, pk)` selector of a `<entity>_list(*, user)` one: the record
    with that key if the user may see it (in their list), else None."""

    def get(*, user: Any, pk: int) -> _M | None:
        record: _M | None = listing(user=user).filter(pk=pk).first()
        return record

    return get


def can_see_children(user: Any) -> bool:
    """May this user see a child's name or record at all (within their schools)?

    False for the performance co-ordinator (aggregates and pseudonymised rows only) and the
    system administrator (accounts, no casework), and for anyone not signed in.
    """
    return role_of(user) in CHILD_ROLES


def officer_of(user: Any) -> Any:
    return getattr(user, "officer", None) if user is not None else None


def schools_visible_to(user: Any, *, on: dt.date | None = None) -> QuerySet[Establishment]:
    qs = Establishment.objects.all()
    if not is_active_user(user):
        return qs.none()
    if user.is_superuser or user.role in ALL_SCHOOL_ROLES:
        return qs
    if user.role in {Role.HEADTEACHER, Role.DSL}:
        return qs.filter(pk=user.school_id) if user.school_id else qs.none()
    officer = officer_of(user)
    if officer is None:
        return qs.none()
    day = on or timezone.localdate()
    covering = Q(cover_assignments__officer=officer, cover_assignments__start__lte=day) & (
        Q(cover_assignments__end__isnull=True) | Q(cover_assignments__end__gte=day)
    )
    if user.role == Role.SERGEANT:
        team = Q(named_assignment__officer__sergeant=officer) | Q(named_assignment__officer=officer)
        team_cover = Q(
            cover_assignments__officer__sergeant=officer, cover_assignments__start__lte=day
        ) & (Q(cover_assignments__end__isnull=True) | Q(cover_assignments__end__gte=day))
        return qs.filter(team | team_cover | covering).distinct()
    if user.role == Role.SCHOOLS_OFFICER:
        return qs.filter(Q(named_assignment__officer=officer) | covering).distinct()
    return qs.none()


def can_see_school(user: Any, establishment_id: int | None) -> bool:
    if establishment_id is None:
        return False
    return schools_visible_to(user).filter(pk=establishment_id).exists()


def in_school_scope(
    queryset: QuerySet[Any], user: Any, *, school_field: str = "school", children: bool = True
) -> QuerySet[Any]:
    """Filter any queryset of records that belong to a school down to the user's scope.

    `school_field` is the lookup path from the record to its `Establishment` (for example
    "school", "young_person__school", "establishment"). With `children=True` (the default:
    the records name or describe a child) users who may not see children get nothing.

        def concern_list(*, user):
            return in_school_scope(Concern.objects.all(), user, school_field="young_person__school")
    """
    if children and not can_see_children(user):
        return queryset.none()
    if not is_active_user(user):
        return queryset.none()
    if user.is_superuser or user.role in ALL_SCHOOL_ROLES:
        return queryset
    return queryset.filter(**{f"{school_field}__in": schools_visible_to(user).values("pk")})
