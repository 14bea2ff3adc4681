"""Young people: recording (after a duplicate check), correcting, and linking two records.

Business rule: duplicates are caught before a young person is created (same school + normalised
name + date of birth, or a close name match + date of birth): the caller must confirm it is a
new child. Two children's records are linked, never copied into each other.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from saferschools.accounts.audit import audit_record
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.records import tracked_create

from .. import permissions
from ..models import Concern, YoungPerson, YoungPersonLink, normalise_name
from .records import UpdateRule, update_rule

CLOSE_NAME_RATIO = 0.85


class PossibleDuplicate(Exception):
    """A young person who may be the same child already exists; confirm before creating."""

    def __init__(self, matches: list[YoungPerson]) -> None:
        super().__init__("This may be a child who is already recorded.")
        self.matches = matches


def young_person_find_duplicates(
    *,
    user: Any,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    school_id: int | None,
    exclude_pk: int | None = None,
) -> list[YoungPerson]:
    """Same school + same normalised name + date of birth, or a close name + the same date of
    birth at any school the user can see."""
    key = normalise_name(first_name, last_name)
    same_dob = YoungPerson.objects.filter(
        date_of_birth=date_of_birth, school__in=schools_visible_to(user)
    ).select_related("school")
    if exclude_pk:
        same_dob = same_dob.exclude(pk=exclude_pk)
    matches = []
    for yp in same_dob:
        exact = yp.name_key == key and yp.school_id == school_id
        ratio = difflib.SequenceMatcher(None, yp.name_key, key).ratio()
        surname_same = normalise_name(yp.last_name) == normalise_name(last_name)
        initial_same = yp.name_key[:1] == key[:1]
        if exact or ratio >= CLOSE_NAME_RATIO or (surname_same and initial_same):
            matches.append(yp)
    return matches


def young_person_create(
    *,
    acting_user: Any,
    school: Any,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date,
    year_group: int,
    sex: str,
    ethnicity: str,
    fsm: str,
    sen: str,
    looked_after: str,
    lawful_basis: str,
    confirm_not_duplicate: bool = False,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> YoungPerson:
    permissions.require_write(acting_user, "young_person")
    permissions.require_school(acting_user, getattr(school, "pk", None))
    matches = young_person_find_duplicates(
        user=acting_user,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        school_id=school.pk,
    )
    if matches and not confirm_not_duplicate:
        raise PossibleDuplicate(matches)
    yp = YoungPerson(
        school=school,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        year_group=year_group,
        sex=sex,
        ethnicity=ethnicity,
        fsm=fsm,
        sen=sen,
        looked_after=looked_after,
        lawful_basis=lawful_basis,
        is_synthetic=is_synthetic,
    )
    return tracked_create(
        yp,
        acting_user=acting_user,
        request=request,
        purpose="Recording a young person known to the programme",
        details={"confirmed_not_duplicate_of": [m.pk for m in matches]} if matches else None,
    )


def _school_in_scope(acting_user: Any, young_person: YoungPerson, changes: dict[str, Any]) -> None:
    if "school" in changes:
        permissions.require_school(acting_user, getattr(changes["school"], "pk", None))


def _concerns_follow(acting_user: Any, young_person: YoungPerson, request: Any) -> None:
    Concern.all_objects.filter(young_person=young_person).exclude(
        school_id=young_person.school_id
    ).update(school_id=young_person.school_id)


#: Correcting a child's details. A child who changes school takes their concerns with them: each
#: concern's `school` follows the child's, so the new school's officer sees them and the old
#: school's no longer does (the same scope as the child's own record).
update_rule(
    YoungPerson,
    UpdateRule(
        purpose="Correcting a young person's details",
        prepare=_school_in_scope,
        watch=lambda young_person: young_person.school_id,
        then=_concerns_follow,
    ),
)


def young_person_link(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    other: YoungPerson,
    kind: str,
    concern: Concern | None = None,
    request: HttpRequest | None = None,
) -> YoungPersonLink:
    """Link two children's records (never copy one into the other)."""
    permissions.require_write(acting_user, "link")
    if young_person.pk == other.pk:
        raise ValidationError({"other": "A record cannot be linked to itself."})
    a, b = sorted([young_person, other], key=lambda p: p.pk)
    with transaction.atomic():
        link, created = YoungPersonLink.objects.get_or_create(
            from_person=a,
            to_person=b,
            kind=kind,
            defaults={"concern": concern, "created_by": acting_user},
        )
        if created:
            audit_record(
                user=acting_user,
                action="create",
                obj=link,
                purpose="Linking two children's records",
                request=request,
                details={"people": [a.pk, b.pk], "kind": kind},
            )
    return link
