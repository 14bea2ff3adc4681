"""Writes to casework. Each service checks the acting user may write, writes the record and
its audit entry in one transaction, and queues notifications for after the commit.

Business rules stated where they are enforced:
- duplicates are caught before a young person is created (same school + normalised name + date
  of birth, or a close name match + date of birth): the caller must confirm it is a new child;
- a new concern tells the school's safeguarding lead(s) and the named officer at once;
  3+ concerns in 90 days, or a risk level higher than the previous concern's, alerts the named
  officer and their sergeant;
- a strip search needs an appropriate adult and an inspector-or-above authority (also a
  database constraint) and opens a safeguarding referral to children's social care itself;
  the school's safeguarding lead is told of every search of one of their pupils;
- an arrest or criminal-justice outcome on school premises is flagged and the sergeant told;
- an overdue referral alerts the named officer and sergeant once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Role
from saferschools.accounts.models import User
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.models import Notification
from saferschools.core.services import notify

from . import access
from .choices import (
    ConcernStatus,
    Consent,
    ReferralService,
    ReferralStatus,
    SearchExtent,
)
from .models import (
    Concern,
    Incident,
    Intervention,
    Referral,
    Search,
    YoungPerson,
    YoungPersonLink,
    normalise_name,
)
from .records import TrackedRecord, versioned_update
from .tracking import tracked_create, tracked_update

REPEAT_CONCERNS = 3
REPEAT_WINDOW_DAYS = 90
AUTO_REFERRAL_DUE_DAYS = 3
CLOSE_NAME_RATIO = 0.85


class PossibleDuplicate(Exception):
    """A young person who may be the same child already exists; confirm before creating."""

    def __init__(self, matches: list[YoungPerson]) -> None:
        super().__init__("This may be a child who is already recorded.")
        self.matches = matches


# ---------------------------------------------------------------- people to tell


def safeguarding_leads(school: Any) -> list[User]:
    return list(User.objects.filter(role=Role.DSL, school=school, is_active=True))


def named_officer_user(school: Any) -> User | None:
    assignment = getattr(school, "named_assignment", None)
    try:
        return assignment.officer.user if assignment else None
    except Exception:  # noqa: BLE001 - no named officer, or no account for them
        return None


def sergeant_user(school: Any) -> User | None:
    assignment = getattr(school, "named_assignment", None)
    sergeant = assignment.officer.sergeant if assignment else None
    return sergeant.user if sergeant else None


def _yp_link(yp: YoungPerson | None) -> str:
    return reverse("casework:young_person_detail", args=[yp.pk]) if yp else ""


# ---------------------------------------------------------------- helpers


def _require(user: Any, kind: str) -> None:
    if not access.can_write(user, kind):
        raise PermissionDenied("You cannot record this.")


def _require_scope(user: Any, school_id: int | None) -> None:
    if school_id is None or not schools_visible_to(user).filter(pk=school_id).exists():
        raise PermissionDenied("That school is not one of yours.")


_create = tracked_create
_update = tracked_update


def record_delete(
    *,
    acting_user: Any,
    obj: TrackedRecord,
    version: Any,
    request: HttpRequest | None = None,
    purpose: str = "Recorded in error",
) -> None:
    """Soft delete: the record leaves every list and page, and retention removes it later."""
    with transaction.atomic():
        versioned_update(obj, expected_version=version, changes={})
        type(obj).all_objects.filter(pk=obj.pk).update(deleted_at=timezone.now())
        audit_record(
            user=acting_user,
            action="delete",
            record_type=obj._meta.label,
            record_id=obj.pk,
            purpose=purpose,
            request=request,
            details={"soft": True},
        )


# ---------------------------------------------------------------- young people


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
    _require(acting_user, "young_person")
    _require_scope(acting_user, getattr(school, "pk", None))
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
    with transaction.atomic():
        _create(
            yp,
            acting_user=acting_user,
            request=request,
            purpose="Recording a young person known to the programme",
            details={"confirmed_not_duplicate_of": [m.pk for m in matches]} if matches else None,
        )
    return yp


def young_person_update(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> YoungPerson:
    _require(acting_user, "young_person")
    if "school" in changes:
        _require_scope(acting_user, getattr(changes["school"], "pk", None))
    with transaction.atomic():
        _update(
            young_person,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose="Correcting a young person's details",
            request=request,
        )
    return young_person


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
    _require(acting_user, "link")
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
                record_type="casework.YoungPersonLink",
                record_id=link.pk,
                purpose="Linking two children's records",
                request=request,
                details={"people": [a.pk, b.pk], "kind": kind},
            )
    return link


# ---------------------------------------------------------------- concerns


def concern_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    category: str,
    raised_by: str,
    raised_at: dt.datetime,
    risk_level: int,
    details: str,
    childs_words: str = "",
    child_view_not_obtained: str = "",
    peers: Iterable[YoungPerson] = (),
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
    notify_people: bool = True,
) -> Concern:
    """Record a concern; tell the school's DSL(s) and the named officer; raise pattern alerts."""
    _require(acting_user, "concern")
    _require_scope(acting_user, young_person.school_id)
    concern = Concern(
        young_person=young_person,
        category=category,
        raised_by=raised_by,
        raised_at=raised_at,
        risk_level=risk_level,
        details=details,
        childs_words=childs_words,
        child_view_not_obtained=child_view_not_obtained,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _create(
            concern,
            acting_user=acting_user,
            request=request,
            purpose="Recording a safeguarding concern",
        )
        peer_list = [p for p in peers if p.pk != young_person.pk]
        if peer_list:
            concern.peers.set(peer_list)
            for p in peer_list:
                young_person_link(
                    acting_user=acting_user,
                    young_person=young_person,
                    other=p,
                    kind="peer",
                    concern=concern,
                    request=request,
                )
        if notify_people:
            school = young_person.school
            link = _yp_link(young_person)
            notify(
                recipients=[*safeguarding_leads(school), named_officer_user(school)],
                subject=f"New {concern.get_category_display().lower()} concern about a pupil "
                f"at {school.name}",
                body=f"Risk level: {concern.get_risk_level_display()}.",
                link=link,
                kind=Notification.Kind.TASK,
                topic="casework.concern_new",
            )
            _pattern_alerts(concern, link)
    return concern


def _pattern_alerts(concern: Concern, link: str) -> None:
    from .selectors import concern_alerts

    school = concern.young_person.school
    for alert in concern_alerts(concern.young_person, as_of=concern):
        notify(
            recipients=[named_officer_user(school), sergeant_user(school)],
            subject=alert.title,
            body=alert.text,
            link=link,
            kind=Notification.Kind.ALERT,
            topic=f"casework.{alert.code}",
        )


def concern_update(
    *,
    acting_user: Any,
    concern: Concern,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> Concern:
    _require(acting_user, "concern")
    if changes.get("status") == ConcernStatus.CLOSED and concern.status != ConcernStatus.CLOSED:
        changes.setdefault("closed_at", timezone.now())
        changes.setdefault("closed_by", acting_user)
    if changes.get("status") == ConcernStatus.OPEN:
        changes.update(closed_at=None, closed_by=None)
    with transaction.atomic():
        _update(
            concern,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose="Updating a safeguarding concern",
            request=request,
        )
    return concern


def concern_close(
    *,
    acting_user: Any,
    concern: Concern,
    version: Any,
    closing_summary: str = "",
    childs_words: str | None = None,
    child_view_not_obtained: str | None = None,
    request: HttpRequest | None = None,
) -> Concern:
    """Close a concern: only with the child's words, or why their view could not be had."""
    changes: dict[str, Any] = {"status": ConcernStatus.CLOSED, "closing_summary": closing_summary}
    if childs_words is not None:
        changes["childs_words"] = childs_words
    if child_view_not_obtained is not None:
        changes["child_view_not_obtained"] = child_view_not_obtained
    return concern_update(
        acting_user=acting_user, concern=concern, version=version, changes=changes, request=request
    )


# ---------------------------------------------------------------- incidents


def _flag_incident(incident: Incident) -> None:
    if incident.sergeant_review_required and incident.reviewed_at is None:
        school = incident.school
        notify(
            recipients=[sergeant_user(school)],
            subject=f"For review: {incident.get_outcome_display().lower()} of a child on the "
            f"premises of {school.name}",
            link=reverse("casework:incident_detail", args=[incident.pk]),
            kind=Notification.Kind.TASK,
            topic="casework.incident_review",
        )


def incident_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    occurred_at: dt.datetime,
    reported_by: str,
    category: str,
    description: str,
    childs_words: str = "",
    on_school_premises: bool = True,
    outcome: str = "pending",
    outcome_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Incident:
    """Record an incident; an arrest or charge on school premises goes to the sergeant."""
    _require(acting_user, "incident")
    _require_scope(acting_user, young_person.school_id)
    if outcome != "pending" and not access.is_police(acting_user) and not is_synthetic:
        raise PermissionDenied("Only police record a police outcome.")
    incident = Incident(
        young_person=young_person,
        occurred_at=occurred_at,
        reported_by=reported_by,
        category=category,
        description=description,
        childs_words=childs_words,
        on_school_premises=on_school_premises,
        outcome=outcome,
        outcome_at=outcome_at or (timezone.now() if outcome != "pending" else None),
        is_synthetic=is_synthetic,
    )
    incident.snapshot(young_person, timezone.localdate(occurred_at))
    with transaction.atomic():
        _create(incident, acting_user=acting_user, request=request, purpose="Recording an incident")
        if not is_synthetic:
            _flag_incident(incident)
    return incident


def incident_update(
    *,
    acting_user: Any,
    incident: Incident,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> Incident:
    _require(acting_user, "incident")
    if "outcome" in changes and changes["outcome"] != incident.outcome:
        if not access.is_police(acting_user):
            raise PermissionDenied("Only police record a police outcome.")
        changes.setdefault("outcome_at", timezone.now())
    was_flagged = incident.sergeant_review_required
    with transaction.atomic():
        _update(
            incident,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose="Updating an incident",
            request=request,
        )
        if incident.sergeant_review_required and not was_flagged:
            _flag_incident(incident)
    return incident


def incident_review(
    *, acting_user: Any, incident: Incident, version: Any, request: HttpRequest | None = None
) -> Incident:
    """A sergeant (or the inspector) records that they reviewed a flagged outcome."""
    if getattr(acting_user, "role", "") not in {Role.SERGEANT, Role.INSPECTOR}:
        raise PermissionDenied("Only a sergeant or the inspector reviews outcomes.")
    with transaction.atomic():
        versioned_update(incident, expected_version=version, changes={})
        now = timezone.now()
        Incident.all_objects.filter(pk=incident.pk).update(reviewed_by=acting_user, reviewed_at=now)
        incident.reviewed_by, incident.reviewed_at = acting_user, now
        audit_record(
            user=acting_user,
            action="change",
            record_type="casework.Incident",
            record_id=incident.pk,
            purpose="Sergeant's review of a police outcome",
            request=request,
        )
    return incident


# ---------------------------------------------------------------- searches


def search_record(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    searched_at: dt.datetime,
    reason: str,
    grounds: str,
    power: str,
    location: str,
    extent: str,
    searched_by_name: str,
    outcome: str,
    searched_by_is_police: bool = True,
    others_present: str = "",
    appropriate_adult_name: str = "",
    appropriate_adult_role: str = "",
    authorising_officer_name: str = "",
    authorising_officer_rank: str = "",
    items_found: str = "",
    parent_told_at: dt.datetime | None = None,
    parent_not_told_reason: str = "",
    childs_words: str = "",
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Search:
    """Record a search. Tells the school's DSL. A strip search must have an appropriate adult
    and an inspector-or-above authority, and opens a referral to children's social care."""
    _require(acting_user, "search")
    _require_scope(acting_user, young_person.school_id)
    search = Search(
        young_person=young_person,
        searched_at=searched_at,
        reason=reason,
        grounds=grounds,
        power=power,
        location=location,
        extent=extent,
        searched_by_name=searched_by_name,
        searched_by_is_police=searched_by_is_police,
        others_present=others_present,
        appropriate_adult_name=appropriate_adult_name.strip(),
        appropriate_adult_role=appropriate_adult_role,
        authorising_officer_name=authorising_officer_name.strip(),
        authorising_officer_rank=authorising_officer_rank,
        items_found=items_found,
        outcome=outcome,
        parent_told_at=parent_told_at,
        parent_not_told_reason=parent_not_told_reason,
        childs_words=childs_words,
        is_synthetic=is_synthetic,
    )
    search.snapshot(young_person, timezone.localdate(searched_at))
    school = young_person.school
    with transaction.atomic():
        search.dsl_informed_at = timezone.now() if safeguarding_leads(school) else None
        _create(
            search,
            acting_user=acting_user,
            request=request,
            purpose="Recording a search of a pupil",
            details={"strip_search": search.is_strip_search},
        )
        link = reverse("casework:search_detail", args=[search.pk])
        notify(
            recipients=[] if is_synthetic else safeguarding_leads(school),
            subject=f"A pupil at {school.name} was searched",
            body=f"{search.get_extent_display()}. Outcome: {search.get_outcome_display()}.",
            link=link,
            kind=Notification.Kind.INFO,
            topic="casework.search",
        )
        if search.is_strip_search:
            referral_create(
                acting_user=acting_user,
                young_person=young_person,
                service=ReferralService.CSC,
                reason="Automatic safeguarding referral: a search removing more than outer "
                "clothing was carried out on this child.",
                made_on=timezone.localdate(),
                due_date=timezone.localdate() + dt.timedelta(days=AUTO_REFERRAL_DUE_DAYS),
                consent=Consent.NOT_SOUGHT,
                consent_override_reason="Force policy: every more-than-outer-clothing search of "
                "a child is referred to children's social care (Child Q safeguarding review).",
                search=search,
                automatic=True,
                request=request,
                is_synthetic=is_synthetic,
            )
            notify(
                recipients=[]
                if is_synthetic
                else [named_officer_user(school), sergeant_user(school)],
                subject=f"A strip search of a pupil at {school.name} was recorded",
                link=link,
                kind=Notification.Kind.ALERT,
                topic="casework.strip_search",
            )
        if search.parent_notice_flag and not is_synthetic:
            notify(
                recipients=[sergeant_user(school)],
                subject="A search where the parent was told late or not at all",
                link=link,
                kind=Notification.Kind.ALERT,
                topic="casework.search_parent_notice",
            )
    return search


def search_update(
    *,
    acting_user: Any,
    search: Search,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> Search:
    _require(acting_user, "search")
    became_strip = (
        changes.get("extent") == SearchExtent.MORE_THAN_OUTER and not search.is_strip_search
    )
    with transaction.atomic():
        _update(
            search,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose="Updating a search record",
            request=request,
        )
        if became_strip and not search.referrals.filter(automatic=True).exists():
            referral_create(
                acting_user=acting_user,
                young_person=search.young_person,
                service=ReferralService.CSC,
                reason="Automatic safeguarding referral: a search removing more than outer "
                "clothing was carried out on this child.",
                made_on=timezone.localdate(),
                due_date=timezone.localdate() + dt.timedelta(days=AUTO_REFERRAL_DUE_DAYS),
                consent=Consent.NOT_SOUGHT,
                consent_override_reason="Force policy: every more-than-outer-clothing search of "
                "a child is referred to children's social care (Child Q safeguarding review).",
                search=search,
                automatic=True,
                request=request,
            )
    return search


# ---------------------------------------------------------------- interventions


def intervention_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    kind: str,
    start_date: dt.date,
    provider: str = "",
    end_date: dt.date | None = None,
    due_date: dt.date | None = None,
    status: str = "planned",
    outcome: str = "",
    childs_words: str = "",
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Intervention:
    _require(acting_user, "intervention")
    _require_scope(acting_user, young_person.school_id)
    obj = Intervention(
        young_person=young_person,
        kind=kind,
        provider=provider,
        start_date=start_date,
        end_date=end_date,
        due_date=due_date,
        status=status,
        outcome=outcome,
        childs_words=childs_words,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _create(obj, acting_user=acting_user, request=request, purpose="Recording an intervention")
    return obj


def intervention_update(
    *,
    acting_user: Any,
    intervention: Intervention,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> Intervention:
    _require(acting_user, "intervention")
    with transaction.atomic():
        _update(
            intervention,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose="Updating an intervention",
            request=request,
        )
    return intervention


# ---------------------------------------------------------------- referrals


def referral_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    service: str,
    reason: str,
    made_on: dt.date,
    due_date: dt.date,
    consent: str,
    consent_override_reason: str = "",
    concern: Concern | None = None,
    search: Search | None = None,
    status: str = "made",
    responded_on: dt.date | None = None,
    outcome: str = "",
    childs_words: str = "",
    automatic: bool = False,
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Referral:
    """Record a referral: with consent, or with who overrode its absence (the acting user) and
    why."""
    _require(acting_user, "referral")
    _require_scope(acting_user, young_person.school_id)
    overridden = consent not in (Consent.CHILD, Consent.PARENT)
    obj = Referral(
        young_person=young_person,
        service=service,
        reason=reason,
        made_on=made_on,
        due_date=due_date,
        consent=consent,
        consent_override_reason=consent_override_reason if overridden else "",
        consent_override_by=acting_user if overridden else None,
        concern=concern,
        search=search,
        status=status,
        responded_on=responded_on,
        outcome=outcome,
        childs_words=childs_words,
        automatic=automatic,
        is_synthetic=is_synthetic,
    )
    with transaction.atomic():
        _create(
            obj,
            acting_user=acting_user,
            request=request,
            purpose="Recording a referral"
            if not automatic
            else "Automatic referral after a strip search",
            details={"prevent": service == ReferralService.PREVENT} if not automatic else None,
        )
    return obj


def referral_update(
    *,
    acting_user: Any,
    referral: Referral,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> Referral:
    _require(acting_user, "referral")
    consent = changes.get("consent", referral.consent)
    if consent not in (Consent.CHILD, Consent.PARENT):
        if changes.get("consent_override_reason") or "consent" in changes:
            changes["consent_override_by"] = acting_user
    else:
        changes.update(consent_override_by=None, consent_override_reason="")
    if changes.get("status", referral.status) != ReferralStatus.MADE and not (
        changes.get("responded_on") or referral.responded_on
    ):
        changes["responded_on"] = timezone.localdate()
    with transaction.atomic():
        _update(
            referral,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose="Updating a referral",
            request=request,
        )
    return referral


def referrals_alert_overdue(*, today: dt.date | None = None) -> list[Referral]:
    """Tell the named officer and sergeant of each overdue referral, once per referral."""
    today = today or timezone.localdate()
    due = Referral.objects.filter(
        status=ReferralStatus.MADE, due_date__lt=today, overdue_alerted_at__isnull=True
    ).select_related(
        "young_person__school__named_assignment__officer__user",
        "young_person__school__named_assignment__officer__sergeant__user",
    )
    alerted = []
    for referral in due:
        with transaction.atomic():
            n = Referral.objects.filter(pk=referral.pk, overdue_alerted_at__isnull=True).update(
                overdue_alerted_at=timezone.now()
            )
            if n != 1:
                continue
            school = referral.young_person.school
            notify(
                recipients=[named_officer_user(school), sergeant_user(school)],
                subject=f"Overdue referral to {referral.get_service_display()} for a pupil at "
                f"{school.name}",
                body=f"A response was due by {referral.due_date:%d %B %Y}.",
                link=reverse("casework:referral_detail", args=[referral.pk]),
                kind=Notification.Kind.ALERT,
                topic="casework.referral_overdue",
            )
            alerted.append(referral)
    return alerted
