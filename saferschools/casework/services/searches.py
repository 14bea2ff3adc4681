"""Searches of pupils.

Business rules: the school's safeguarding lead is told of every search of one of their pupils; a
search where the parent was told late or not at all alerts the sergeant; a strip search (more
than outer clothing) must have an appropriate adult and an inspector-or-above authority (also a
database constraint), and — whether recorded as one or changed to one later — opens one
safeguarding referral to children's social care and alerts the named officer and sergeant
(`strip_search_referral`, the Child Q safeguarding review).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from saferschools.core.models import Notification
from saferschools.core.recipients import named_officer_user, safeguarding_leads, sergeant_user
from saferschools.core.services import notify

from ..choices import Consent, ReferralService
from ..models import Referral, Search, YoungPerson
from .records import UpdateRule, record_create, update_rule
from .referrals import referral_create

AUTO_REFERRAL_DUE_DAYS = 3


def strip_search_referral(
    *,
    acting_user: Any,
    search: Search,
    request: HttpRequest | None = None,
    notify_people: bool = True,
) -> Referral | None:
    """After a strip search is recorded (or a search is changed to one): the automatic
    referral to children's social care, once per search, and the alert to the named officer
    and sergeant. None when the search already has its automatic referral."""
    if search.referrals.filter(automatic=True).exists():
        return None
    school = search.young_person.school
    referral = referral_create(
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
        is_synthetic=search.is_synthetic,
    )
    if notify_people:
        notify(
            recipients=[named_officer_user(school), sergeant_user(school)],
            subject=f"A strip search of a pupil at {school.name} was recorded",
            link=reverse("casework:search_detail", args=[search.pk]),
            kind=Notification.Kind.ALERT,
            topic="casework.strip_search",
        )
    return referral


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
    notify_people: bool = True,
) -> Search:
    """Record a search. Tells the school's DSL. A strip search must have an appropriate adult
    and an inspector-or-above authority, and opens a referral to children's social care."""
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
        record_create(
            search,
            acting_user=acting_user,
            request=request,
            purpose="Recording a search of a pupil",
            details={"strip_search": search.is_strip_search},
        )
        link = reverse("casework:search_detail", args=[search.pk])
        if notify_people:
            notify(
                recipients=safeguarding_leads(school),
                subject=f"A pupil at {school.name} was searched",
                body=f"{search.get_extent_display()}. Outcome: {search.get_outcome_display()}.",
                link=link,
                kind=Notification.Kind.INFO,
                topic="casework.search",
            )
        if search.is_strip_search:
            strip_search_referral(
                acting_user=acting_user,
                search=search,
                request=request,
                notify_people=notify_people,
            )
        if search.parent_notice_flag and notify_people:
            notify(
                recipients=[sergeant_user(school)],
                subject="A search where the parent was told late or not at all",
                link=link,
                kind=Notification.Kind.ALERT,
                topic="casework.search_parent_notice",
            )
    return search


update_rule(
    Search,
    UpdateRule(
        purpose="Updating a search record",
        watch=lambda search: search.is_strip_search,
        then=lambda acting_user, search, request: strip_search_referral(
            acting_user=acting_user, search=search, request=request
        ),
    ),
)
