"""Writes of the workforce app: the only writer of its tables (other apps call these)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.db import transaction

from saferschools.accounts.audit import audit_record, audit_write
from saferschools.accounts.choices import Action

from .choices import Rank
from .models import NamedOfficerPeriod, Officer, SchoolAssignment
from .permissions import require_record_keeper

if TYPE_CHECKING:
    from saferschools.estate.models import District


class OfficerRecordRefused(ValueError):
    """A change to an officer record that breaks one of its rules, with a message for the
    person making it."""


# ---------------------------------------------------------------------------- officer records


def _record_of(officer: Officer) -> dict[str, Any]:
    """What the audit entry says about an officer record: the fields these services write."""
    return {
        "first_name": officer.first_name,
        "last_name": officer.last_name,
        "rank": officer.rank,
        "district": officer.district.code if officer.district_id else None,
        "division": officer.division.name if officer.division_id else None,
        "sergeant": officer.sergeant.collar_number if officer.sergeant_id else None,
        "is_active": officer.is_active,
    }


def _check_sergeant(officer: Officer, sergeant: Officer | None) -> None:
    """A team is led by a sergeant (rank PS), and no officer is their own sergeant."""
    if sergeant is None:
        return
    if sergeant.rank != Rank.SERGEANT:
        raise OfficerRecordRefused(f"{sergeant} is not a sergeant.")
    if officer.pk is not None and sergeant.pk == officer.pk:
        raise OfficerRecordRefused(f"{officer} cannot be their own sergeant.")


def _audit_change(
    *,
    acting_user: Any,
    officer: Officer,
    before: dict[str, Any] | None,
    reason: str,
    request: Any,
) -> bool:
    """Save the officer and write its audit entry (create, or change naming each field that
    changed, from and to). Nothing changed: nothing written, and False."""
    after = _record_of(officer)
    changed = {k: [before[k], v] for k, v in after.items() if before and before[k] != v}
    if before is not None and not changed:
        return False
    officer.save()
    audit_record(
        user=acting_user,
        action=Action.CREATE if before is None else Action.CHANGE,
        obj=officer,
        request=request,
        details={
            "collar_number": officer.collar_number,
            **({"record": after} if before is None else {"changed": changed}),
            "reason": reason,
        },
    )
    return True


def _officer_set(
    officer: Officer, name: str, value: Any, *, acting_user: Any, reason: str, request: Any
) -> bool:
    """Set one field of the officer under a row lock and audit it (`_audit_change`); the
    caller's instance follows. Already so: nothing written, and False."""
    locked = Officer.objects.select_for_update().get(pk=officer.pk)
    before = _record_of(locked)
    setattr(locked, name, value)
    if not _audit_change(
        acting_user=acting_user, officer=locked, before=before, reason=reason, request=request
    ):
        return False
    setattr(officer, name, value)
    return True


class OfficerPlace(TypedDict, total=False):
    """Where an officer record is placed: its rank, district and sergeant's team. What is
    left out stays as the record has it (a new record takes its default rank)."""

    rank: str
    district: District | None
    sergeant: Officer | None


@transaction.atomic
def officer_upsert(
    *,
    acting_user: Any,
    collar_number: str,
    first_name: str = "",
    last_name: str = "",
    default_rank: str = Rank.CONSTABLE,
    for_user: Any = None,
    rename: bool = False,
    activate: bool = False,
    reason: str = "",
    request: Any = None,
    **place: Unpack[OfficerPlace],
) -> Officer:
    """The officer record with this collar number, made if new, brought up to date: its rank
    (when given; a new record takes `default_rank`), its district and the district's division
    (when given), its sergeant's team (when given), its names (a new record's, or when
    `rename`: the caller's list is the source), and active again when `activate`. Audited in
    the same transaction: a new record in full, a change field by field; no change, no entry.
    Linking the record to an account is a grant, made by the account services.

    Rules: only the administrator or the inspector keep officer records; a collar number is
    needed; the rank is one of the ranks; a record linked to an account other than `for_user`
    (the account it is brought up to date for; None: a new account) is not changed here; the
    team's sergeant has rank sergeant and is not the officer.
    """
    require_record_keeper(acting_user, "change an officer record")
    rank, district, sergeant = place.get("rank", ""), place.get("district"), place.get("sergeant")
    collar_number = (collar_number or "").strip()
    if not collar_number:
        raise OfficerRecordRefused("Enter the collar number.")
    for value in (rank, default_rank):
        if value and value not in Rank.values:
            raise OfficerRecordRefused(f"{value!r} is not a rank.")
    officer = Officer.objects.select_for_update().filter(collar_number=collar_number).first()
    if officer is not None and officer.user_id and officer.user_id != getattr(for_user, "pk", None):
        raise OfficerRecordRefused(
            f"Collar number {collar_number} is already linked to {officer.user}. Unlink it first."
        )
    before = _record_of(officer) if officer is not None else None
    if officer is None:
        officer = Officer(
            collar_number=collar_number,
            rank=rank or default_rank,
            first_name=first_name,
            last_name=last_name,
        )
    elif rename:
        officer.first_name, officer.last_name = first_name, last_name
    _check_sergeant(officer, sergeant)
    if rank:
        officer.rank = rank
    if district is not None:
        officer.district = district
        officer.division = district.division
    if sergeant is not None:
        officer.sergeant = sergeant
    if activate:
        officer.is_active = True
    _audit_change(
        acting_user=acting_user, officer=officer, before=before, reason=reason, request=request
    )
    return officer


@transaction.atomic
def officer_team_set(
    *,
    acting_user: Any,
    officer: Officer,
    sergeant: Officer | None,
    reason: str = "",
    request: Any = None,
) -> bool:
    """Put the officer in `sergeant`'s team (None: in no team). Audited in the same
    transaction, naming the sergeant before and after; already in that team: nothing written,
    and False.

    Rules: only the administrator or the inspector; the sergeant has rank sergeant; an officer
    is not their own sergeant."""
    require_record_keeper(acting_user, "change an officer's team")
    _check_sergeant(officer, sergeant)
    return _officer_set(
        officer, "sergeant", sergeant, acting_user=acting_user, reason=reason, request=request
    )


@transaction.atomic
def officer_reactivate(
    *, acting_user: Any, officer: Officer, reason: str = "", request: Any = None
) -> bool:
    """A returner's officer record is active again (their district and team as they were;
    the schools they were named for were handed over when they left). Audited in the same
    transaction; already active: nothing written, and False.

    Rule: only the administrator or the inspector."""
    require_record_keeper(acting_user, "reactivate an officer record")
    return _officer_set(
        officer, "is_active", True, acting_user=acting_user, reason=reason, request=request
    )


def named_periods_sync(*, on: dt.date, plan: Any = None) -> int:
    """Bring the named-officer history in line with today's `SchoolAssignment` rows.

    Business rule: a school whose named officer changed on `on` closes its open period the day
    before and opens a new one from `on`; a school that lost its named officer closes its
    period; a period opened and changed on the same day is simply corrected. Call it in the
    transaction that changed the assignments. Returns the number of periods opened.
    """
    current = {a.establishment_id: a for a in SchoolAssignment.objects.all()}
    open_periods = {p.establishment_id: p for p in NamedOfficerPeriod.objects.filter(end=None)}
    opened = 0
    for school_id, period in open_periods.items():
        a = current.get(school_id)
        if a is not None and a.officer_id == period.officer_id:
            continue
        if period.start >= on:
            period.delete()  # corrected on the day it began
        else:
            period.end = on - dt.timedelta(days=1)
            period.save(update_fields=["end"])
    still_open = set(
        NamedOfficerPeriod.objects.filter(end=None).values_list("establishment_id", flat=True)
    )
    new = [
        NamedOfficerPeriod(
            establishment_id=school_id, officer_id=a.officer_id, start=on, plan=plan or a.plan
        )
        for school_id, a in current.items()
        if school_id not in still_open
    ]
    NamedOfficerPeriod.objects.bulk_create(new)
    opened += len(new)
    return opened


def named_officer_change(
    *,
    establishment: Any,
    officer: Officer,
    on: dt.date,
    acting_user: Any,
    reason: str = "",
    request: Any = None,
) -> SchoolAssignment:
    """Make `officer` the school's named officer from `on`, closing the previous officer's
    period in the named-officer history the day before (one transaction, audited)."""
    if not officer.is_active:
        raise ValueError(f"{officer} is not active and cannot be a named officer.")
    with transaction.atomic():
        current = (
            SchoolAssignment.objects.select_for_update().filter(establishment=establishment).first()
        )
        before = current.officer if current is not None else None
        if current is None:
            current = SchoolAssignment(establishment=establishment, officer=officer, since=on)
        elif current.officer_id == officer.pk:
            return current
        current.officer = officer
        current.since = on
        current.plan = None
        current.save()
        _sync_one(establishment.pk, officer, on)
        audit_record(
            user=acting_user,
            action="change",
            obj=current,
            request=request,
            details={
                "school_urn": getattr(establishment, "urn", None),
                "from": before.collar_number if before else None,
                "to": officer.collar_number,
                "on": on.isoformat(),
                "reason": reason,
            },
        )
    return current


def _sync_one(establishment_id: int, officer: Officer, on: dt.date) -> None:
    """The history of one school: close its open period before `on`, open the new one."""
    for period in NamedOfficerPeriod.objects.filter(establishment_id=establishment_id, end=None):
        if period.start >= on:
            period.delete()
        else:
            period.end = on - dt.timedelta(days=1)
            period.save(update_fields=["end"])
    NamedOfficerPeriod.objects.create(establishment_id=establishment_id, officer=officer, start=on)


def officer_leave(*, officer: Officer, on: dt.date, acting_user: Any, request: Any = None) -> int:
    """The officer leaves the programme from `on`: no longer active, their cover from then on
    ended. Named schools must have been handed over first. Returns cover rows ended."""
    from .models import CoverAssignment

    with transaction.atomic():
        if SchoolAssignment.objects.filter(officer=officer).exists():
            raise ValueError(f"{officer} is still a named officer: hand their schools over first.")
        ended = 0
        for cover in CoverAssignment.objects.filter(officer=officer).active_on(on):
            if cover.start >= on:
                cover.delete()
            else:
                cover.end = on - dt.timedelta(days=1)
                cover.save(update_fields=["end"])
            ended += 1
        CoverAssignment.objects.filter(officer=officer, start__gt=on).delete()
        officer.is_active = False
        officer.save(update_fields=["is_active"])
        audit_write(
            acting_user, "change", officer, request=request, left=on.isoformat(), cover_ended=ended
        )
    return ended


def officer_move(*, officer: Officer, district: Any, acting_user: Any, request: Any = None) -> None:
    """The officer moves to another district (and its division); a sergeant of another
    division no longer leads them."""
    with transaction.atomic():
        before = officer.district.code if officer.district_id else None
        officer.district = district
        officer.division = district.division
        if officer.sergeant_id and officer.sergeant.division_id != district.division_id:
            officer.sergeant = None
        officer.save(update_fields=["district", "division", "sergeant"])
        audit_write(
            acting_user,
            "change",
            officer,
            request=request,
            district={"from": before, "to": district.code},
        )


def cover_assign(
    *,
    establishment: Any,
    officer: Officer,
    start: dt.date,
    end: dt.date | None,
    reason: str,
    acting_user: Any,
    request: Any = None,
) -> Any:
    """Name `officer` to cover the school from `start` to `end` (open-ended without `end`)
    while its named officer is away (leave, sickness, training, court...). The cover officer is
    who the school reaches meanwhile; the named officer stays named. Audited; one transaction.

    Rules: the cover officer is active and is not the school's named officer; the cover ends on
    or after it starts (also a database constraint)."""
    from saferschools.core.records import audited_create

    from .models import CoverAssignment

    if not officer.is_active:
        raise ValueError(f"{officer} is not active and cannot cover a school.")
    if end is not None and end < start:
        raise ValueError("The cover ends before it starts.")
    named = SchoolAssignment.objects.filter(establishment=establishment).first()
    if named is not None and named.officer_id == officer.pk:
        raise ValueError(f"{officer} is the school's named officer: cover is someone else.")
    return audited_create(
        CoverAssignment(
            establishment=establishment, officer=officer, start=start, end=end, reason=reason
        ),
        acting_user=acting_user,
        request=request,
        details={
            "school_urn": getattr(establishment, "urn", None),
            "officer": officer.collar_number,
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "reason": reason,
        },
    )


# ---------------------------------------------------------------------------- bulk placement
# Called by allocation when a plan is adopted or a redeployment committed, inside the
# transaction that records why (the plan's or the scenario's audit entry names the change).


def officers_place(
    *,
    constables: Iterable[tuple[Officer, Any, Officer | None]] = (),
    sergeants: Iterable[tuple[Officer, Any]] = (),
    release: Iterable[Officer] = (),
) -> int:
    """Post officers where a plan puts them, in one write per kind.

    Business rules: a constable works in a district, so their division is the district's, and
    in one sergeant's team (`constables`: officer, district, sergeant or None); a sergeant
    leads from a division (`sergeants`: officer, division or None); a released constable has no
    district, division or sergeant until placed again. The given instances are updated too.
    Returns the number of officers written.
    """
    posted = []
    for officer, district, sergeant in constables:
        officer.district = district
        officer.division = district.division if district is not None else None
        officer.sergeant = sergeant
        posted.append(officer)
    released = list(release)
    for officer in released:
        officer.district = officer.division = officer.sergeant = None
    Officer.objects.bulk_update(posted + released, ["district", "division", "sergeant"])
    moved = []
    for officer, division in sergeants:
        if officer.division_id != getattr(division, "pk", None):
            officer.division = division
            moved.append(officer)
    Officer.objects.bulk_update(moved, ["division"])
    return len(posted) + len(released) + len(moved)


@dataclass
class AssignmentChanges:
    """What `school_assignments_replace` changed."""

    created: int = 0
    removed: int = 0
    #: (school, previous named officer, new named officer) for each school whose officer changed
    changed: list[tuple[Any, Officer, Officer]] = field(default_factory=list)
    #: ids of every officer who gained or lost a school
    officers_touched: set[int] = field(default_factory=set)


def school_assignments_replace(
    *, named: Mapping[Any, Officer], on: dt.date, plan: Any = None
) -> AssignmentChanges:
    """Make `named` (school -> officer) the whole list of named officers from `on`.

    Business rules: one named officer per school; a school whose officer changes is named from
    `on`, one that keeps its officer keeps its date; a school missing from `named` loses its
    named officer; the named-officer history follows (`named_periods_sync`). Every assignment
    records the plan it came from."""
    existing = {a.establishment_id: a for a in SchoolAssignment.objects.select_for_update()}
    out = AssignmentChanges()
    to_update, to_create = [], []
    for school, officer in named.items():
        a = existing.get(school.pk)
        if a is None:
            to_create.append(
                SchoolAssignment(establishment=school, officer=officer, since=on, plan=plan)
            )
            out.officers_touched.add(officer.pk)
            continue
        if a.officer_id != officer.pk:
            out.officers_touched.update({a.officer_id, officer.pk})
            out.changed.append((school, a.officer, officer))
            a.officer = officer
            a.since = on
        a.plan = plan
        to_update.append(a)
    SchoolAssignment.objects.bulk_update(to_update, ["officer", "since", "plan"])
    SchoolAssignment.objects.bulk_create(to_create)
    out.created = len(to_create)
    removed = SchoolAssignment.objects.exclude(establishment_id__in=[s.pk for s in named])
    out.officers_touched.update(removed.values_list("officer_id", flat=True))
    out.removed = removed.delete()[0]
    named_periods_sync(on=on, plan=plan)
    return out


def cover_assignments_create(
    *,
    cover: Iterable[tuple[Any, Officer]],
    start: dt.date,
    end: dt.date | None,
    reason: str,
    scenario: Any = None,
) -> list[Any]:
    """Record that each officer covers each school (school, officer) from `start` to `end`
    (a committed redeployment names its scenario)."""
    from .models import CoverAssignment

    rows = [
        CoverAssignment(
            establishment=school,
            officer=officer,
            start=start,
            end=end,
            reason=reason,
            scenario=scenario,
        )
        for school, officer in cover
    ]
    return CoverAssignment.objects.bulk_create(rows)
