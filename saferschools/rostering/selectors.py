"""Rostering reads, within the user's scope.

Who sees which officers' shifts (decision: rosters say where a named person is at what time, so
they are personal data and shown only to those who manage or are that person):

* inspector (programme lead) and superuser: every roster and every officer;
* sergeant: the officers of their team (`Officer.sergeant`) and themselves;
* schools officer: themselves;
* performance co-ordinator, system administrator, headteacher, DSL: no roster access (the
  co-ordinator's figures come from the oversight app; rosters are edited in the admin only by
  an inspector's request).

A roster is visible when it has a shift or absence of a visible officer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import officer_of, role_of
from saferschools.workforce.models import Officer

from .models import Absence, Roster, RosterShift
from .permissions import ROSTER_ROLES, sees_everyone


def officers_visible_to(user: Any) -> QuerySet[Officer]:
    if sees_everyone(user):
        return Officer.objects.all()
    role = role_of(user)
    me = officer_of(user)
    if me is None or role not in ROSTER_ROLES:
        return Officer.objects.none()
    if role == Role.SERGEANT:
        return Officer.objects.filter(Q(sergeant=me) | Q(pk=me.pk))
    return Officer.objects.filter(pk=me.pk)


def visible_collars(user: Any, roster: Roster) -> set[str] | None:
    """Collar numbers of the roster's officers the user may see (None = all of them)."""
    if sees_everyone(user):
        return None
    return set(officers_visible_to(user).values_list("collar_number", flat=True))


def rosters_visible_to(user: Any) -> QuerySet[Roster]:
    if sees_everyone(user):
        return Roster.objects.all()
    officers = officers_visible_to(user)
    if role_of(user) not in ROSTER_ROLES:
        return Roster.objects.none()
    return Roster.objects.filter(
        Q(shifts__officer__in=officers) | Q(sergeant__in=officers)
    ).distinct()


def roster_get(*, user: Any, pk: int) -> Roster | None:
    return rosters_visible_to(user).filter(pk=pk).first()


def roster_shifts_visible_to(user: Any, roster: Roster | None = None) -> QuerySet[RosterShift]:
    qs = RosterShift.objects.select_related("officer", "district", "division", "roster")
    if roster is not None:
        qs = qs.filter(roster=roster)
    if sees_everyone(user):
        return qs
    return qs.filter(officer__in=officers_visible_to(user))


def absences_visible_to(user: Any) -> QuerySet[Absence]:
    return Absence.objects.filter(officer__in=officers_visible_to(user)).select_related("officer")


def document_for(user: Any, roster: Roster) -> dict[str, Any]:
    """The roster's document cut down to the officers the user may see.

    The full document (every officer) is for those who see everyone; for others the `shifts`,
    `absences`, `officers`, `changes` and penalties/gaps naming other officers are removed, so a
    sergeant's copy is their team's roster.
    """
    doc = roster.document
    collars = visible_collars(user, roster)
    if collars is None:
        return doc
    out = dict(doc)
    out["officers"] = [o for o in doc.get("officers", []) if o["id"] in collars]
    out["shifts"] = [s for s in doc.get("shifts", []) if s["officer"] in collars]
    out["absences"] = [a for a in doc.get("absences", []) if a["officer"] in collars]
    out["changes"] = [c for c in doc.get("changes", []) if c["officer"] in collars]
    out["penalties"] = [p for p in doc.get("penalties", []) if p["subject"] in collars]
    out["schools_without_named_officer"] = [
        g for g in doc.get("schools_without_named_officer", []) if g["named_officer"] in collars
    ]
    out["new_school_gaps"] = [
        g for g in doc.get("new_school_gaps", []) if g["named_officer"] in collars
    ]
    out["partial"] = True
    return out
