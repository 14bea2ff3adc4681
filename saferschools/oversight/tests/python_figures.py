"""Today's oversight figures as they were computed before issue 17: every record of the window
fetched and sorted into schools, months and groups in Python. Kept here, unchanged, as the
oracle the SQL aggregation (`oversight/aggregates.py` through `figures.py`) must equal on every
fixture (`test_sql_figures.py`)."""

# ruff: noqa: E501
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from saferschools.casework import choices
from saferschools.casework import models as casework
from saferschools.engagement.models import SchoolContact, SchoolRequest, Session
from saferschools.workforce.choices import CoverReason
from saferschools.workforce.models import CoverAssignment, NamedOfficerPeriod

from ..figures import (
    ACTIONS,
    CHARACTERISTICS,
    Disproportionality,
    OutcomeCount,
    SchoolMonth,
    _district,
    _division,
    _snapshot_groups,
    _yp_groups,
    programme_schools,
)
from ..periods import Month, Window


def indicators(months: Iterable[Month]) -> dict[Month, list[SchoolMonth]]:
    """Per school, per month: officer cover, contacts, requests, sessions, concerns, referrals.

    Officer cover is counted day by day: each day of the month is named or not, recorded or not
    (before the first named-officer period began, nothing was recorded), covered or not."""
    months = sorted(set(months))
    if not months:
        return {}
    schools = programme_schools()
    periods_of: dict[int, list[NamedOfficerPeriod]] = defaultdict(list)
    for p in NamedOfficerPeriod.objects.select_related("officer"):
        periods_of[p.establishment_id].append(p)
    covers_of: dict[int, list[CoverAssignment]] = defaultdict(list)
    for c in CoverAssignment.objects.select_related("scenario"):
        covers_of[c.establishment_id].append(c)
    first_recorded = min(NamedOfficerPeriod.objects.values_list("start", flat=True), default=None)

    def spanning(spans: list, day: dt.date) -> list:
        return [x for x in spans if x.start <= day and (x.end is None or day <= x.end)]

    result: dict[Month, dict[int, SchoolMonth]] = {}
    for m in months:
        result[m] = {}
        for s in schools:
            named_at_end = spanning(periods_of[s.pk], m.end)
            tally: Counter = Counter()
            for k in range((m.end - m.start).days + 1):
                day = m.start + dt.timedelta(days=k)
                named = bool(spanning(periods_of[s.pk], day))
                recorded = first_recorded is not None and day >= first_recorded
                cover = spanning(covers_of[s.pk], day) if named else []
                tally["named"] += named
                tally["no_named"] += recorded and not named
                tally["unrecorded"] += not recorded and not named
                tally["covered"] += bool(cover)
                tally["redeployed"] += any(
                    c.reason == CoverReason.REDEPLOYMENT
                    or (c.scenario is not None and c.scenario.committed_at is not None)
                    for c in cover
                )
            end_recorded = first_recorded is not None and m.end >= first_recorded
            result[m][s.pk] = SchoolMonth(
                school_id=s.pk,
                urn=s.urn,
                name=s.name,
                district=_district(s),
                division=_division(s),
                officer=named_at_end[0].officer.short_name if named_at_end else "",
                named_at_end=bool(named_at_end),
                end_recorded=end_recorded or bool(named_at_end),
                school_days=m.days,
                days_named=tally["named"],
                days_no_named=tally["no_named"],
                days_unrecorded=tally["unrecorded"],
                days_covered=tally["covered"],
                days_redeployed=tally["redeployed"],
            )
    ids = [s.pk for s in schools]
    lo, hi = months[0], months[-1]

    def bucket(school_id: int | None, when: dt.datetime | dt.date) -> SchoolMonth | None:
        if school_id is None:
            return None
        if isinstance(when, dt.datetime):
            when = timezone.localtime(when).date()
        row = result.get(Month.of(when))
        return row.get(school_id) if row is not None else None

    for school_id, on in SchoolContact.objects.filter(
        school_id__in=ids, contact_on__gte=lo.start, contact_on__lte=hi.end
    ).values_list("school_id", "contact_on"):
        if sm := bucket(school_id, on):
            sm.contacts += 1
    for school_id, on, attendance in Session.objects.filter(
        school_id__in=ids, delivered_on__gte=lo.start, delivered_on__lte=hi.end
    ).values_list("school_id", "delivered_on", "attendance"):
        if sm := bucket(school_id, on):
            sm.sessions += 1
            sm.session_attendance += attendance
    for school_id, received, first, target in SchoolRequest.objects.filter(
        school_id__in=ids, received_at__gte=lo.start_at, received_at__lt=hi.end_at
    ).values_list("school_id", "received_at", "first_response_at", "target_response_hours"):
        if sm := bucket(school_id, received):
            sm.requests += 1
            if first is not None:
                hours = (first - received).total_seconds() / 3600.0
                sm.requests_answered += 1
                sm.response_hours.append(hours)
                sm.requests_on_target += hours <= target
    for school_id, at in casework.Concern.objects.filter(
        young_person__school_id__in=ids, raised_at__gte=lo.start_at, raised_at__lt=hi.end_at
    ).values_list("young_person__school_id", "raised_at"):
        if sm := bucket(school_id, at):
            sm.concerns += 1
    for school_id, made in casework.Referral.objects.filter(
        young_person__school_id__in=ids, made_on__gte=lo.start, made_on__lte=hi.end
    ).values_list("young_person__school_id", "made_on"):
        if sm := bucket(school_id, made):
            sm.referrals_made += 1
    for school_id, responded in casework.Referral.objects.filter(
        young_person__school_id__in=ids, responded_on__gte=lo.start, responded_on__lte=hi.end
    ).values_list("young_person__school_id", "responded_on"):
        if sm := bucket(school_id, responded):
            sm.referrals_completed += 1
    return {m: list(rows.values()) for m, rows in result.items()}


def disproportionality(
    window: Window, *, schools: Iterable[int] | None = None
) -> Disproportionality:
    """Children known and children acted on, by group, over the window (raw counts), counted
    record by record: every record is read and kept if its time is in the window and its
    school among ``schools``."""
    wanted = None if schools is None else set(schools)

    def kept(school_id: int | None, when: dt.datetime | dt.date) -> bool:
        if wanted is not None and school_id not in wanted:
            return False
        if isinstance(when, dt.datetime):
            return window.start_at <= when < window.end_at
        return window.start <= when <= window.end

    searches = [s for s in casework.Search.objects.all() if kept(s.school_id, s.searched_at)]
    incidents = [i for i in casework.Incident.objects.all() if kept(i.school_id, i.occurred_at)]
    referrals = [
        r
        for r in casework.Referral.objects.select_related("young_person")
        if kept(r.young_person.school_id, r.made_on)
    ]
    known = {r.young_person_id for r in [*searches, *incidents, *referrals]}
    known |= {
        c.young_person_id
        for c in casework.Concern.objects.select_related("young_person")
        if kept(c.young_person.school_id, c.raised_at)
    }
    known |= {
        i.young_person_id
        for i in casework.Intervention.objects.select_related("young_person")
        if kept(i.young_person.school_id, i.start_date)
    }
    known |= {
        yp.pk for yp in casework.YoungPerson.objects.all() if kept(yp.school_id, yp.created_at)
    }
    people = {
        yp.pk: _yp_groups(yp)
        for yp in casework.YoungPerson.objects.all()
        if yp.pk in known and yp.anonymised_at is None
    }

    # (action, the records that can show it, whether a record does)
    rules = (
        ("search", searches, lambda s: True),
        ("strip_search", searches, lambda s: s.extent == choices.SearchExtent.MORE_THAN_OUTER),
        ("arrest", searches, lambda s: s.outcome == choices.SearchOutcome.ARREST),
        ("arrest", incidents, lambda i: i.outcome == choices.PoliceOutcome.ARREST),
        ("criminal_justice", incidents, lambda i: i.outcome in choices.CRIMINAL_JUSTICE_OUTCOMES),
        ("diversion", incidents, lambda i: i.outcome in choices.DIVERSION_OUTCOMES),
        ("prevent", referrals, lambda r: r.service == choices.ReferralService.PREVENT),
    )
    acted: dict[str, set[int]] = {a: set() for a in ACTIONS}
    for action, records, shows in rules:
        acted[action] |= {
            r.young_person_id for r in records if r.young_person_id in people and shows(r)
        }

    def by_snapshot(
        events: list, positive: Callable[[Any], bool]
    ) -> dict[str, dict[str, OutcomeCount]]:
        """Outcome tests use the snapshot taken at the time (kept after anonymisation)."""
        out = {}
        for c, (_, groups, _) in CHARACTERISTICS.items():
            n = Counter(_snapshot_groups(e)[c] for e in events)
            k = Counter(_snapshot_groups(e)[c] for e in events if positive(e))
            out[c] = {g: OutcomeCount(n[g], k[g]) for g in groups}
        return out

    decided = [
        i
        for i in incidents
        if i.outcome in choices.CRIMINAL_JUSTICE_OUTCOMES | choices.DIVERSION_OUTCOMES
    ]
    return Disproportionality(
        window=window,
        population={c: Counter(g[c] for g in people.values()) for c in CHARACTERISTICS},
        actions={
            a: {c: Counter(people[p][c] for p in ids) for c in CHARACTERISTICS}
            for a, ids in acted.items()
        },
        search_outcomes=by_snapshot(searches, lambda s: s.outcome == choices.SearchOutcome.NOTHING),
        outcome_share=by_snapshot(
            decided, lambda i: i.outcome in choices.CRIMINAL_JUSTICE_OUTCOMES
        ),
        unlinked_events=sum(e.young_person_id not in people for e in [*searches, *incidents]),
        children_known=len(people),
    )


def outcomes_by_school(window: Window) -> list[tuple[str, list[int]]]:
    """Decided incident outcomes per school: NFA, diversion, criminal justice (raw)."""
    column = dict.fromkeys(choices.CRIMINAL_JUSTICE_OUTCOMES, 2)
    column |= dict.fromkeys(choices.DIVERSION_OUTCOMES, 1)
    column[choices.PoliceOutcome.NFA] = 0
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for incident in casework.Incident.all_objects.select_related("school"):
        in_window = window.start_at <= incident.occurred_at < window.end_at
        decided = incident.outcome in column
        if in_window and decided and incident.deleted_at is None and incident.school is not None:
            counts[incident.school.name][column[incident.outcome]] += 1
    return sorted(counts.items())
