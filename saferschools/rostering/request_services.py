"""Officers' requests to change the published roster: a day off, or a swap with a colleague.

Business rules:
- An officer asks for a day off on a day of a published roster, or proposes to swap days with a
  colleague of the same district (constables) or with another sergeant. The roster says at once
  what the change would break: the independent checker is run on the roster with the change
  made, and only what gets worse is shown (a district or division left without cover, nobody in
  school hours, a rest or consecutive-days rule, schools without their named officer that day).
- A swap needs the colleague's agreement first; then the sergeant (the officer's, or the
  programme lead) approves or refuses. Nobody decides their own request.
- Approving a day off that breaks no rule publishes the roster with exactly that change, and the
  day is recorded as a rest-day absence (the one source of truth). A day off that would break a
  rule is recorded as an absence and re-rostered with the fewest changes as a draft for the
  sergeant to review. A swap that would break a rule cannot be approved.
- Every step is audited; the officers concerned are told through the rostering messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.audit import audit_record, audit_write
from saferschools.accounts.choices import Action, Outcome
from saferschools.accounts.scope import officer_of
from saferschools.core.fields import stamp_of
from saferschools.core.records import audited_create
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

from .engine.edits import Edit, assess_edits, swap_edits
from .messages import tell
from .models import AbsenceReason, AbsenceSource, Roster, RosterRequest, RosterShift
from .permissions import may_act_for, may_manage
from .services import (
    RosterCover,
    RosterError,
    absence_create,
    absence_record,
    document_check,
)

RULE_WORDS = {
    "rule_district_daily_cover": "no constable on duty in the district",
    "rule_school_hours_presence": "nobody in school hours in the district",
    "rule_holiday_youth_cover": "no day or late shift for holiday youth activities",
    "rule_sergeant_division_cover": "no sergeant supervising the division",
    "rule_min_rest_between_shifts": "less than 11 hours' rest between shifts",
    "rule_weekly_rest": "fewer than two rest days in the week",
    "rule_max_consecutive_days": "more than 6 working days in a row",
    "rule_reference_period_hours": "over 48 hours a week on average",
    "rule_part_time_pattern": "outside the officer's part-time pattern",
    "rule_named_officer_most_school_days": "named officer in school on too few school days",
}


def published_roster_for(officer: Officer, day: dt.date) -> Roster | None:
    """The published roster that has ``officer`` on ``day`` (the latest published, if several)."""
    return (
        Roster.objects.published()
        .filter(start__lte=day, end__gte=day, shifts__officer=officer)
        .order_by("-published_at", "-pk")
        .first()
    )


def _edits(req: RosterRequest, doc: dict[str, Any]) -> list[Edit]:
    if req.kind == RosterRequest.Kind.DAY_OFF:
        return [Edit(req.officer.collar_number, req.date, None, absence=AbsenceReason.REST_DAY)]
    assert req.colleague is not None and req.colleague_date is not None
    return swap_edits(
        doc, req.officer.collar_number, req.date, req.colleague.collar_number, req.colleague_date
    )


def _assess(req: RosterRequest, roster: Roster) -> dict[str, Any]:
    out = assess_edits(roster.document, _edits(req, roster.document))
    names = {s["id"]: s["name"] for s in roster.document.get("schools", [])}
    places = {d["id"]: d["name"] for d in roster.document.get("districts", [])}
    officers = {o["id"]: o["name"] for o in roster.document.get("officers", [])}
    for b in out["breaks"]:
        who = places.get(b["subject"]) or officers.get(b["subject"]) or b["subject"]
        b["text"] = (
            f"{dt.date.fromisoformat(b['date']):%a %-d %b}: "
            f"{RULE_WORDS.get(b['rule'], b['rule'])} ({who})"
        )
    for g in out["schools_without_named_officer"]:
        g["text"] = (
            f"{dt.date.fromisoformat(g['date']):%a %-d %b}: {names.get(g['school'], g['school'])} "
            "without its named officer"
        )
    out["roster"] = roster.pk
    out["ok"] = not out["breaks"]
    return out


@transaction.atomic
def roster_request_create(
    *,
    officer: Officer,
    kind: str,
    day: dt.date,
    acting_user: Any,
    colleague: Officer | None = None,
    colleague_day: dt.date | None = None,
    note: str = "",
) -> RosterRequest:
    """An officer's request (their own, or made for them by their sergeant), assessed at once."""
    if not may_act_for(acting_user, officer):
        raise RosterError(["You can ask for changes to your own roster only."])
    if day < timezone.localdate():
        raise RosterError(["The day has passed: ask for a day from today on."])
    roster = published_roster_for(officer, day)
    if roster is None:
        raise RosterError(["There is no published roster with you on that day."])
    if kind == RosterRequest.Kind.SWAP:
        if colleague is None or colleague.pk == officer.pk:
            raise RosterError(["Choose the colleague to swap with."])
        colleague_day = colleague_day or day
        if colleague_day < timezone.localdate():
            raise RosterError(["The colleague's day has passed."])
        if officer.rank != colleague.rank or (
            officer.rank == Rank.CONSTABLE and officer.district_id != colleague.district_id
        ):
            raise RosterError(
                ["Swap with a colleague of the same rank and district (the cover is per district)."]
            )
        if (
            not (roster.start <= colleague_day <= roster.end)
            or not RosterShift.objects.filter(roster=roster, officer=colleague).exists()
        ):
            raise RosterError(["Your colleague is not on the same published roster for that day."])
        status = RosterRequest.Status.AWAITING_COLLEAGUE
    elif kind == RosterRequest.Kind.DAY_OFF:
        colleague, colleague_day = None, None
        if not RosterShift.objects.filter(roster=roster, officer=officer, date=day).exists():
            raise RosterError(["You are not rostered to work that day: it is already a rest day."])
        status = RosterRequest.Status.PENDING
    else:
        raise RosterError(["Ask for a day off or a swap."])
    req = RosterRequest(
        kind=kind,
        status=status,
        officer=officer,
        date=day,
        colleague=colleague,
        colleague_date=colleague_day,
        note=note,
        roster=roster,
        created_by=stamp_of(acting_user),
    )
    req.assessment = _assess(req, roster)
    audited_create(
        req,
        acting_user=acting_user,
        details={
            "kind": kind,
            "date": day,
            "roster": roster.pk,
            "breaks": len(req.assessment.get("breaks", [])),
        },
    )
    if status == RosterRequest.Status.AWAITING_COLLEAGUE and colleague and colleague.user_id:
        tell(
            recipients=[colleague.user],
            subject=f"{officer.short_name} asks to swap {day:%-d %b} with your {colleague_day:%-d %b}",
            body=req.note or "Agree or decline on your roster page.",
            link="/roster/me/",
        )
    else:
        _tell_sergeant(req)
    return req


def _tell_sergeant(req: RosterRequest) -> None:
    lead = req.officer.sergeant
    if lead is not None and lead.user_id:
        effect = "breaks no rule" if req.assessment.get("ok") else "would break a rule"
        tell(
            recipients=[lead.user],
            subject=f"Roster request from {req.officer.short_name}: {req} ({effect})",
            body=req.note,
            link="/roster/requests/",
        )


@transaction.atomic
def roster_request_respond(
    *, request: RosterRequest, agree: bool, acting_user: Any
) -> RosterRequest:
    """The colleague agrees to (or declines) a proposed swap."""
    req = RosterRequest.objects.select_for_update().get(pk=request.pk)
    me = officer_of(acting_user)
    if me is None or req.colleague_id != me.pk:
        raise RosterError(["Only the colleague asked can answer this swap."])
    if req.status != RosterRequest.Status.AWAITING_COLLEAGUE:
        raise RosterError(["This swap is no longer waiting for your answer."])
    req.status = RosterRequest.Status.PENDING if agree else RosterRequest.Status.REFUSED
    if not agree:
        req.decided_at, req.decided_by = timezone.now(), acting_user
        req.decision_note = "Declined by the colleague."
    req.save()
    audit_write(acting_user, "respond", req, agree=agree)
    if agree:
        _tell_sergeant(req)
    elif req.officer.user_id:
        tell(
            recipients=[req.officer.user],
            subject=f"Swap declined: {req}",
            body="",
            link="/roster/me/",
        )
    return req


@transaction.atomic
def roster_request_withdraw(*, request: RosterRequest, acting_user: Any) -> RosterRequest:
    req = RosterRequest.objects.select_for_update().get(pk=request.pk)
    me = officer_of(acting_user)
    if me is None or req.officer_id != me.pk:
        raise RosterError(["Only the officer who asked can withdraw a request."])
    if req.status not in (RosterRequest.Status.PENDING, RosterRequest.Status.AWAITING_COLLEAGUE):
        raise RosterError(["This request has already been decided."])
    req.status = RosterRequest.Status.WITHDRAWN
    req.save(update_fields=["status"])
    audit_write(acting_user, "withdraw", req)
    return req


def roster_request_decide(
    *,
    request: RosterRequest,
    approve: bool,
    acting_user: Any,
    note: str = "",
    now: dt.datetime | None = None,
) -> RosterRequest:
    """The sergeant (or programme lead) approves or refuses a request, against the roster as
    published now (the assessment is made again if the roster changed since the request)."""
    req = RosterRequest.objects.select_related("officer", "colleague").get(pk=request.pk)
    if req.status != RosterRequest.Status.PENDING:
        raise RosterError(["Only a request waiting for the sergeant can be decided."])
    me = officer_of(acting_user)
    people = [req.officer] + ([req.colleague] if req.colleague else [])
    if (
        acting_user is None
        or not getattr(acting_user, "is_authenticated", False)
        or not all(may_manage(acting_user, p) for p in people)
        or (me is not None and me.pk in {p.pk for p in people})
    ):
        raise RosterError(["Only the officer's sergeant or the programme lead can decide this."])
    roster = published_roster_for(req.officer, req.date)
    if roster is None:
        raise RosterError(["The roster for that day is no longer published."])
    if roster.pk != req.roster_id:
        req.roster = roster
        req.assessment = _assess(req, roster)
    if approve and req.kind == RosterRequest.Kind.SWAP and not req.assessment.get("ok"):
        raise RosterError(
            [
                "This swap would break a rule: "
                + "; ".join(b["text"] for b in req.assessment["breaks"])
                + ". Refuse it, or suggest another day."
            ]
        )
    with transaction.atomic():
        req.status = RosterRequest.Status.APPROVED if approve else RosterRequest.Status.REFUSED
        req.decided_at, req.decided_by, req.decision_note = timezone.now(), acting_user, note
        req.save()
        audit_write(
            acting_user,
            "approve" if approve else "refuse",
            req,
            roster=roster.pk,
            breaks=len(req.assessment.get("breaks", [])),
            note=note,
        )
    if not approve:
        if req.officer.user_id:
            tell(
                recipients=[req.officer.user],
                subject=f"Request refused: {req}",
                body=note,
                link="/roster/me/",
            )
        return req
    day_off: dict[str, Any] = {
        "officer": req.officer,
        "start": req.date,
        "end": req.date,
        "reason": AbsenceReason.REST_DAY,
        "note": note or "Approved rest-day request",
        "source": AbsenceSource.REQUEST,
        "source_ref": f"request:{req.pk}",
        "acting_user": acting_user,
    }
    if req.kind == RosterRequest.Kind.DAY_OFF and not req.assessment.get("ok"):
        out = absence_record(**day_off, now=now)
        if not out.drafts:
            # No repair meets every rule: the day cannot be given; nothing is kept.
            out.absence.delete()
            req.status, req.decided_at, req.decided_by = RosterRequest.Status.PENDING, None, None
            req.save(update_fields=["status", "decided_at", "decided_by"])
            audit_record(
                user=acting_user,
                action="approve",
                obj=req,
                outcome=Outcome.FAILED,
                details={"problems": out.problems[:10]},
            )
            raise RosterError(
                ["This day off cannot be given without breaking a rule: ", *out.problems[:5]]
            )
        req.result_roster = out.drafts[0]
        req.save(update_fields=["result_roster"])
        return req
    with transaction.atomic():
        if req.kind == RosterRequest.Kind.DAY_OFF:
            absence_create(**day_off)
        new = roster_publish_edit(
            roster=roster,
            edits=_edits(req, roster.document),
            reason=str(req),
            acting_user=acting_user,
        )
        req.result_roster = new
        req.save(update_fields=["result_roster"])
    return req


def roster_publish_edit(
    *, roster: Roster, edits: list[Edit], reason: str, acting_user: Any
) -> Roster:
    """Publish a new version of ``roster`` with exactly ``edits`` made (checked again first)."""
    from .engine.edits import apply_edits

    doc = apply_edits(roster.document, edits)
    doc["changes"] = assess_edits(roster.document, edits)["changes"]
    violations = document_check(doc)
    if violations > int(roster.violations or 0):
        raise RosterError(["The change would break a rule; it was not made."])
    doc["outcome"] = f"Hand edit of version {roster.version}: {reason}."
    new = Roster.objects.create(
        **RosterCover.of(roster).columns(),
        start=roster.start,
        end=roster.end,
        status=Roster.Status.DRAFT,
        version=roster.version + 1,
        previous=roster,
        reason=reason[:200],
        document=doc,
        solve_status=roster.solve_status,
        objective=None,
        bound=None,
        gap=None,
        seconds=0,
        violations=violations,
        created_by=stamp_of(acting_user),
    )
    _copy_shift_rows(roster, new, doc, {(e.officer, e.day) for e in edits})
    audit_write(acting_user, Action.CREATE, new, edit=reason)
    from .services import roster_publish

    return roster_publish(roster=new, acting_user=acting_user)


#: What a shift row is copied with into the next version of its roster.
_SHIFT_COLUMNS = ("officer_id", "district_id", "division_id", "date", "shift_code", "start", "end")


def _copy_shift_rows(
    old: Roster, new: Roster, doc: dict[str, Any], edited: set[tuple[str, dt.date]]
) -> None:
    """The new version's shift rows: the old rows not edited, plus the edited days' shifts."""
    keep = [
        RosterShift(roster=new, **{c: getattr(s, c) for c in _SHIFT_COLUMNS})
        for s in old.shifts.select_related("officer")
        if (s.officer.collar_number, s.date) not in edited
    ]
    collars = {c for c, _ in edited}
    officers = {o.collar_number: o for o in Officer.objects.filter(collar_number__in=collars)}
    rows_by = {(s.officer_id, s.date): s for s in old.shifts.all()}
    for s in doc["shifts"]:
        day = dt.date.fromisoformat(s["date"])
        if (s["officer"], day) not in edited:
            continue
        o = officers[s["officer"]]
        template = next((r for (oid, _), r in rows_by.items() if oid == o.pk), None)
        division_id = None
        if s.get("division"):
            from saferschools.estate.models import Division

            division_id = (
                Division.objects.filter(name=s["division"]).values_list("pk", flat=True).first()
            )
        keep.append(
            RosterShift(
                roster=new,
                officer=o,
                district_id=template.district_id if template else o.district_id,
                division_id=division_id,
                date=day,
                shift_code=s["shift"],
                start=dt.datetime.fromisoformat(s["start"]),
                end=dt.datetime.fromisoformat(s["end"]),
            )
        )
    RosterShift.objects.bulk_create(keep)
