"""Today's oversight figures as they were computed before issue 17: every record of the window
fetched and sorted into schools, months and groups in Python. Kept here, unchanged, as the
oracle the SQL aggregation (`oversight/aggregates.py` through `figures.py`) must equal on every
fixture (`test_sql_figures.py`)."""

# ruff: noqa: E501
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Min, Q
from django.utils import timezone

from saferschools.casework.choices import (
    CRIMINAL_JUSTICE_OUTCOMES,
    DIVERSION_OUTCOMES,
    PoliceOutcome,
    ReferralService,
    SearchExtent,
    SearchOutcome,
)
from saferschools.casework.models import (
    Concern,
    Incident,
    Intervention,
    Referral,
    Search,
    YoungPerson,
)
from saferschools.engagement.models import SchoolContact, SchoolRequest, Session
from saferschools.workforce.choices import CoverReason
from saferschools.workforce.models import CoverAssignment, NamedOfficerPeriod

from ..figures import (
    ACTIONS,
    CHARACTERISTICS,
    Disproportionality,
    OutcomeCount,
    SchoolMonth,
    _days,
    _district,
    _division,
    _snapshot_groups,
    _yp_groups,
    programme_schools,
)
from ..periods import Month, Window


def indicators(months: Iterable[Month]) -> dict[Month, list[SchoolMonth]]:
    """Per school, per month: officer cover, contacts, requests, sessions, concerns, referrals."""
    months = sorted(set(months))
    if not months:
        return {}
    schools = programme_schools()
    ids = [s.pk for s in schools]
    lo, hi = months[0], months[-1]
    result: dict[Month, dict[int, SchoolMonth]] = {}
    # Named-officer history: who was named when. Days before the programme began recording
    # (the first period's start) are "not recorded", not "without an officer".
    periods: dict[int, list[NamedOfficerPeriod]] = defaultdict(list)
    for p in (
        NamedOfficerPeriod.objects.filter(establishment_id__in=ids, start__lte=hi.end)
        .filter(Q(end__isnull=True) | Q(end__gte=lo.start))
        .select_related("officer")
    ):
        periods[p.establishment_id].append(p)
    recording_start = NamedOfficerPeriod.objects.aggregate(first=Min("start"))["first"]

    def named_on(school_id: int, day: dt.date) -> NamedOfficerPeriod | None:
        for p in periods.get(school_id, []):
            if p.start <= day and (p.end is None or p.end >= day):
                return p
        return None

    for m in months:
        row: dict[int, SchoolMonth] = {}
        for s in schools:
            at_end = named_on(s.pk, m.end)
            row[s.pk] = SchoolMonth(
                school_id=s.pk,
                urn=s.urn,
                name=s.name,
                district=_district(s),
                division=_division(s),
                officer=at_end.officer.short_name if at_end else "",
                named_at_end=at_end is not None,
                school_days=m.days,
            )
        result[m] = row

    # Named-officer days and cover.
    covers = list(
        CoverAssignment.objects.filter(establishment_id__in=ids, start__lte=hi.end)
        .filter(Q(end__isnull=True) | Q(end__gte=lo.start))
        .select_related("scenario")
    )
    cover_by_school: dict[int, list[CoverAssignment]] = defaultdict(list)
    for c in covers:
        cover_by_school[c.establishment_id].append(c)
    for s in schools:
        for m in months:
            sm = result[m][s.pk]
            month_days = _days(m.start, m.end)
            with_named: set[dt.date] = set()
            for p in periods.get(s.pk, []):
                with_named |= _days(max(p.start, m.start), min(p.end or m.end, m.end))
            recorded = {d for d in month_days if recording_start and d >= recording_start}
            sm.days_named = len(with_named & month_days)
            sm.days_no_named = len(recorded - with_named)
            sm.days_unrecorded = len(month_days - recorded - with_named)
            sm.named_at_end = m.end in with_named
            sm.end_recorded = m.end in recorded or m.end in with_named
            covered: set[dt.date] = set()
            redeployed: set[dt.date] = set()
            for c in cover_by_school.get(s.pk, []):
                span = _days(max(c.start, m.start), min(c.end or m.end, m.end)) & with_named
                covered |= span
                committed = c.scenario is not None and c.scenario.committed_at is not None
                if committed or c.reason == CoverReason.REDEPLOYMENT:
                    redeployed |= span
            sm.days_covered = len(covered)
            sm.days_redeployed = len(redeployed)

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
    for school_id, at in Concern.objects.filter(
        young_person__school_id__in=ids, raised_at__gte=lo.start_at, raised_at__lt=hi.end_at
    ).values_list("young_person__school_id", "raised_at"):
        if sm := bucket(school_id, at):
            sm.concerns += 1
    for school_id, made in Referral.objects.filter(
        young_person__school_id__in=ids, made_on__gte=lo.start, made_on__lte=hi.end
    ).values_list("young_person__school_id", "made_on"):
        if sm := bucket(school_id, made):
            sm.referrals_made += 1
    for school_id, responded in Referral.objects.filter(
        young_person__school_id__in=ids, responded_on__gte=lo.start, responded_on__lte=hi.end
    ).values_list("young_person__school_id", "responded_on"):
        if sm := bucket(school_id, responded):
            sm.referrals_completed += 1
    return {m: list(rows.values()) for m, rows in result.items()}


def disproportionality(
    window: Window, *, schools: Iterable[int] | None = None
) -> Disproportionality:
    """Children known and children acted on, by group, over the window (raw counts)."""
    lo, hi = window.start_at, window.end_at
    school_filter = Q() if schools is None else Q(young_person__school_id__in=list(schools))
    event_filter = Q() if schools is None else Q(school_id__in=list(schools))

    searches = list(Search.objects.filter(event_filter, searched_at__gte=lo, searched_at__lt=hi))
    incidents = list(Incident.objects.filter(event_filter, occurred_at__gte=lo, occurred_at__lt=hi))
    referrals = list(
        Referral.objects.filter(
            school_filter, made_on__gte=window.start, made_on__lte=window.end
        ).values_list("young_person_id", "service")
    )
    concerns = Concern.objects.filter(school_filter, raised_at__gte=lo, raised_at__lt=hi)
    interventions = Intervention.objects.filter(
        school_filter, start_date__gte=window.start, start_date__lte=window.end
    )
    known_ids: set[int] = set()
    known_ids.update(s.young_person_id for s in searches if s.young_person_id)
    known_ids.update(i.young_person_id for i in incidents if i.young_person_id)
    known_ids.update(yp for yp, _ in referrals)
    known_ids.update(concerns.values_list("young_person_id", flat=True))
    known_ids.update(interventions.values_list("young_person_id", flat=True))
    opened = YoungPerson.objects.filter(created_at__gte=lo, created_at__lt=hi)
    if schools is not None:
        opened = opened.filter(school_id__in=list(schools))
    known_ids.update(opened.values_list("pk", flat=True))
    people = {
        yp.pk: _yp_groups(yp)
        for yp in YoungPerson.objects.filter(pk__in=known_ids, anonymised_at__isnull=True)
    }

    population = {c: Counter(g[c] for g in people.values()) for c in CHARACTERISTICS}
    acted: dict[str, set[int]] = {a: set() for a in ACTIONS}
    unlinked = 0
    for s in searches:
        if s.young_person_id not in people:
            unlinked += 1
            continue
        acted["search"].add(s.young_person_id)
        if s.extent == SearchExtent.MORE_THAN_OUTER:
            acted["strip_search"].add(s.young_person_id)
        if s.outcome == SearchOutcome.ARREST:
            acted["arrest"].add(s.young_person_id)
    for i in incidents:
        if i.young_person_id not in people:
            unlinked += 1
            continue
        if i.outcome == PoliceOutcome.ARREST:
            acted["arrest"].add(i.young_person_id)
        if i.outcome in CRIMINAL_JUSTICE_OUTCOMES:
            acted["criminal_justice"].add(i.young_person_id)
        if i.outcome in DIVERSION_OUTCOMES:
            acted["diversion"].add(i.young_person_id)
    for yp, service in referrals:
        if service == ReferralService.PREVENT and yp in people:
            acted["prevent"].add(yp)
    actions = {
        a: {c: Counter(people[p][c] for p in ids) for c in CHARACTERISTICS}
        for a, ids in acted.items()
    }

    # Outcome tests use the snapshot taken at the time (kept after anonymisation).
    search_outcomes: dict[str, dict[str, OutcomeCount]] = {}
    share: dict[str, dict[str, OutcomeCount]] = {}
    for c, (_, groups, _) in CHARACTERISTICS.items():
        n: Counter = Counter()
        nothing: Counter = Counter()
        for s in searches:
            g = _snapshot_groups(s)[c]
            n[g] += 1
            nothing[g] += s.outcome == SearchOutcome.NOTHING
        search_outcomes[c] = {g: OutcomeCount(n[g], nothing[g]) for g in groups}
        decided: Counter = Counter()
        cj: Counter = Counter()
        for i in incidents:
            if i.outcome in CRIMINAL_JUSTICE_OUTCOMES or i.outcome in DIVERSION_OUTCOMES:
                g = _snapshot_groups(i)[c]
                decided[g] += 1
                cj[g] += i.outcome in CRIMINAL_JUSTICE_OUTCOMES
        share[c] = {g: OutcomeCount(decided[g], cj[g]) for g in groups}
    return Disproportionality(
        window=window,
        population=population,
        actions=actions,
        search_outcomes=search_outcomes,
        outcome_share=share,
        unlinked_events=unlinked,
        children_known=len(people),
    )


def outcomes_by_school(window: Window) -> list[tuple[str, list[int]]]:
    """Decided incident outcomes per school: NFA, diversion, criminal justice (raw)."""
    counts: dict[str, list[int]] = {}
    for name, outcome in Incident.all_objects.filter(
        deleted_at__isnull=True,
        occurred_at__gte=window.start_at,
        occurred_at__lt=window.end_at,
        school__isnull=False,
    ).values_list("school__name", "outcome"):
        if outcome == PoliceOutcome.NFA:
            col = 0
        elif outcome in DIVERSION_OUTCOMES:
            col = 1
        elif outcome in CRIMINAL_JUSTICE_OUTCOMES:
            col = 2
        else:
            continue
        counts.setdefault(name, [0, 0, 0])[col] += 1
    return sorted(counts.items())
