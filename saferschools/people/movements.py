"""Starters, movers and leavers: who takes an officer's schools when they go.

Business rules:
- when an officer leaves the programme or moves district, each school they are named for is
  shown with a proposed new named officer from the allocation engine's stable re-plan
  (`allocation.successors`); where the engine cannot say (no adopted plan, the officer not in
  it) the active constable of the same district with the fewest schools is proposed, and the
  page says so;
- the officer's own sergeant (or the inspector) confirms, and may choose another officer for a
  school; nothing changes before that;
- confirming writes, in one transaction: the new named officer of each school and its history
  (the old period closes the day before the change, the new one opens), an audit entry for
  each school handing its open casework (concerns, referrals, interventions) to the new
  officer, a letter to each school, and for a leaver the end of their account: deactivated,
  sessions and API tokens ended at once, cover from that day ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record, audit_write
from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.core.fields import stamp_of
from saferschools.core.records import audited_create
from saferschools.core.services import notify
from saferschools.estate.models import District, Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer, SchoolAssignment
from saferschools.workforce.services import named_officer_change, officer_leave, officer_move

from .choices import MovementKind, MovementStatus
from .messaging import send_email
from .models import Movement
from .permissions import can_confirm_movement, can_manage, can_propose_movement
from .services import PeopleError, deactivate_leaver


def _fallback(officer: Officer, school: Establishment, gone: set[int]) -> Officer | None:
    """The active constable of the school's district (else division) with fewest schools."""
    pool = Officer.objects.filter(is_active=True, rank=Rank.CONSTABLE).exclude(pk__in=gone)
    for scope in (Q(district_id=school.district_id), Q(division_id=officer.division_id)):
        found = (
            pool.filter(scope)
            .annotate(n=Count("named_schools"))
            .order_by("n", "collar_number")
            .first()
        )
        if found is not None:
            return found
    return None


def proposal_for(officer: Officer, on: dt.date) -> tuple[list[dict[str, Any]], str]:
    """Each of the officer's named schools with its proposed new named officer, and where the
    proposal came from (for the page)."""
    from saferschools.allocation.engine import AllocationError
    from saferschools.allocation.successors import successors_propose

    schools = [
        a.establishment
        for a in SchoolAssignment.objects.filter(officer=officer)
        .select_related("establishment")
        .order_by("establishment__name")
    ]
    if not schools:
        return [], "The officer is not named for any school."
    try:
        found = successors_propose(collar_numbers=[officer.collar_number], on=on)
        by_collar = {
            o.collar_number: o
            for o in Officer.objects.filter(collar_number__in=set(found.by_urn.values()))
        }
        engine = {urn: by_collar.get(c) for urn, c in found.by_urn.items()}
        source = f"The allocation engine's stable re-plan of the adopted plan '{found.plan_name}'"
        if found.report is not None:
            source += f" ({found.report.status.lower()}, {found.report.seconds:.1f} s)"
        source += "."
    except AllocationError as exc:
        engine = {}
        source = (
            f"The allocation engine could not re-plan ({exc}) so each school is offered the "
            "constable of its district with the fewest schools."
        )
    rows = []
    for school in schools:
        proposed = engine.get(str(school.urn))
        if proposed is None or not proposed.is_active or proposed.pk == officer.pk:
            proposed = _fallback(officer, school, {officer.pk})
        rows.append(
            {
                "establishment": school.pk,
                "urn": str(school.urn),
                "name": school.name,
                "proposed_officer": proposed.pk if proposed else None,
            }
        )
    return rows, source


def movement_propose(
    *,
    officer: Officer,
    kind: str,
    effective: dt.date,
    acting_user: Any,
    to_district: District | None = None,
    note: str = "",
    request: Any = None,
) -> Movement:
    """Record that the officer leaves or moves, with the proposal for their schools."""
    if not can_propose_movement(acting_user, officer):
        raise PermissionDenied("Only the administrator, the inspector or the officer's sergeant.")
    if kind not in MovementKind.values:
        raise PeopleError(f"{kind!r} is not a kind of move.")
    if kind == MovementKind.MOVER:
        if to_district is None:
            raise PeopleError("Choose the district the officer moves to.")
        if to_district.pk == officer.district_id:
            raise PeopleError(f"{officer} is already in {to_district.name}.")
    if not officer.is_active:
        raise PeopleError(f"{officer} has already left.")
    if Movement.objects.filter(officer=officer, status=MovementStatus.PROPOSED).exists():
        raise PeopleError(f"{officer} already has a move waiting for the sergeant.")
    rows, source = proposal_for(officer, effective)
    with transaction.atomic():
        movement = Movement(
            officer=officer,
            kind=kind,
            effective=effective,
            to_district=to_district if kind == MovementKind.MOVER else None,
            proposal=rows,
            proposal_source=source[:200],
            note=note,
            created_by=stamp_of(acting_user),
        )
        audited_create(
            movement,
            acting_user=acting_user,
            request=request,
            details={"officer": officer.collar_number, "kind": kind, "schools": len(rows)},
        )
        sergeant_user = officer.sergeant.user if officer.sergeant_id else None
        if sergeant_user is not None and sergeant_user.pk != getattr(acting_user, "pk", None):
            notify(
                recipients=[sergeant_user],
                subject=f"Confirm who takes {officer.short_name}'s schools",
                body=f"{officer} {MovementKind(kind).label.lower()} from {effective:%d %B %Y}. "
                f"{len(rows)} school(s) need a new named officer.",
                link=reverse("people:movement_detail", args=[movement.pk]),
                topic="people",
            )
    return movement


def open_casework(school_ids: list[int]) -> dict[int, dict[str, int]]:
    """Open concerns, referrals awaiting an answer and current interventions, per school."""
    from saferschools.casework.choices import ConcernStatus, InterventionStatus, ReferralStatus
    from saferschools.casework.models import Concern, Intervention, Referral

    out: dict[int, dict[str, int]] = {
        s: {"concerns": 0, "referrals": 0, "interventions": 0} for s in school_ids
    }
    queries = [
        ("concerns", Concern.objects.exclude(status=ConcernStatus.CLOSED)),
        ("referrals", Referral.objects.filter(status=ReferralStatus.MADE)),
        (
            "interventions",
            Intervention.objects.filter(
                status__in=[InterventionStatus.PLANNED, InterventionStatus.ACTIVE]
            ),
        ),
    ]
    for key, qs in queries:
        for school_id, n in (
            qs.filter(young_person__school_id__in=school_ids)
            .values_list("young_person__school_id")
            .annotate(n=Count("pk"))
        ):
            out[school_id][key] = n
    return out


def _school_contacts(school: Establishment) -> list[User]:
    return list(
        User.objects.filter(school=school, role__in=[Role.HEADTEACHER, Role.DSL], is_active=True)
    )


def _letter(school: Establishment, old: Officer, new: Officer, on: dt.date, kind: str) -> str:
    reason = (
        "has left the Schools Officers programme"
        if kind == MovementKind.LEAVER
        else ("has moved to another area")
    )
    contact = f", who can be reached at {new.published_contact}" if new.published_contact else ""
    return "\n".join(
        [
            f"To the Headteacher, {school.name} (URN {school.urn})",
            "",
            f"Your named Schools Officer, {old.public_name}, {reason}. From "
            f"{on.day} {on:%B %Y} your school's named officer is {new.public_name}{contact}.",
            "They have been given your school's open matters and will keep up your planned "
            "visits. Nothing changes in how you report concerns: in an emergency always "
            "call 999.",
            "",
            "Schools Officers programme",
        ]
    )


def movement_confirm(
    *,
    movement: Movement,
    acting_user: Any,
    choices: dict[int, int] | None = None,
    request: Any = None,
    today: dt.date | None = None,
) -> Movement:
    """The sergeant confirms: see the module docstring for everything this writes.

    `choices` maps a school (Establishment pk) to the officer (pk) chosen instead of the
    proposal.
    """
    movement = Movement.objects.select_related("officer__sergeant", "officer__user").get(
        pk=movement.pk
    )
    if not can_confirm_movement(acting_user, movement):
        raise PermissionDenied("Only the officer's sergeant or the inspector confirm a move.")
    if movement.status != MovementStatus.PROPOSED:
        raise PeopleError("This move is not waiting for confirmation.")
    today = today or timezone.localdate()
    if movement.effective > today:
        raise PeopleError(
            f"This move takes effect on {movement.effective:%d %B %Y}: confirm it "
            "on or after that day."
        )
    officer = movement.officer
    choices = choices or {}
    chosen: dict[int, Officer] = {}
    named_now = set(
        SchoolAssignment.objects.filter(officer=officer).values_list("establishment_id", flat=True)
    )
    for row in movement.proposal:
        school_id = row["establishment"]
        if school_id not in named_now:
            continue  # changed since the proposal (e.g. a new plan was adopted)
        pk = choices.get(school_id) or row["proposed_officer"]
        new = Officer.objects.filter(pk=pk, is_active=True).first() if pk else None
        if new is None or new.pk == officer.pk:
            raise PeopleError(f"Choose an active officer for {row['name']}.")
        chosen[school_id] = new
    missing = named_now - set(chosen)
    if missing:
        names = ", ".join(
            Establishment.objects.filter(pk__in=missing).values_list("name", flat=True)
        )
        raise PeopleError(f"These schools were not in the proposal: {names}. Make it again.")
    schools = {s.pk: s for s in Establishment.objects.filter(pk__in=list(chosen))}
    casework = open_casework(list(chosen))
    on = movement.effective
    with transaction.atomic():
        for school_id, new in chosen.items():
            school = schools[school_id]
            named_officer_change(
                establishment=school,
                officer=new,
                on=on,
                acting_user=acting_user,
                reason=f"{movement.get_kind_display()} (move {movement.pk})",
                request=request,
            )
            audit_record(
                user=acting_user,
                action="handover",
                obj=school,
                request=request,
                details={
                    "school_urn": school.urn,
                    "from": officer.collar_number,
                    "to": new.collar_number,
                    "open": casework[school_id],
                    "movement": movement.pk,
                },
            )
            letter = _letter(school, officer, new, on, movement.kind)
            subject = f"Your school's named Schools Officer from {on:%d %B %Y}"
            notify(
                recipients=_school_contacts(school),
                subject=subject,
                body=letter,
                link=reverse("estate:school_detail", args=[school.pk]),
                topic="people",
                email=False,
            )
            for contact in _school_contacts(school):
                send_email(to=contact.email, subject=subject, body=letter)
            school_email = getattr(school, "contact_email", "") or ""
            if school_email:
                send_email(to=school_email, subject=subject, body=letter)
            if new.user_id:
                open_items = casework[school_id]
                notify(
                    recipients=[new.user],
                    subject=f"You are now the named officer for {school.name}",
                    body=f"From {on:%d %B %Y}, handed over from {officer.short_name}: "
                    f"{open_items['concerns']} open concern(s), {open_items['referrals']} "
                    f"referral(s) awaiting an answer, {open_items['interventions']} "
                    "intervention(s).",
                    link=reverse("estate:school_detail", args=[school.pk]),
                    topic="people",
                )
        if movement.kind == MovementKind.LEAVER:
            officer_leave(officer=officer, on=on, acting_user=acting_user, request=request)
            if officer.user_id and officer.user.is_active:
                deactivate_leaver(
                    person=officer.user,
                    acting_user=acting_user,
                    reason=f"left the programme (move {movement.pk})",
                    request=request,
                )
        else:
            officer_move(
                officer=officer,
                district=movement.to_district,
                acting_user=acting_user,
                request=request,
            )
        movement.status = MovementStatus.CONFIRMED
        movement.confirmed_at = timezone.now()
        movement.confirmed_by = stamp_of(acting_user)
        movement.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        audit_write(
            acting_user,
            "confirm",
            movement,
            request=request,
            officer=officer.collar_number,
            schools={schools[s].urn: o.collar_number for s, o in chosen.items()},
        )
    return movement


@transaction.atomic
def movement_cancel(*, movement: Movement, acting_user: Any, request: Any = None) -> Movement:
    if not (can_confirm_movement(acting_user, movement) or can_manage(acting_user)):
        raise PermissionDenied("Only the officer's sergeant, the inspector or the administrator.")
    if movement.status != MovementStatus.PROPOSED:
        raise PeopleError("Only a move waiting for confirmation can be cancelled.")
    movement.status = MovementStatus.CANCELLED
    movement.save(update_fields=["status"])
    audit_write(acting_user, "cancel", movement, request=request)
    return movement
