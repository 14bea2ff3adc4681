"""Oversight figures from the records: raw counts, before any disclosure control.

These functions read casework, engagement, workforce, allocation and estate records and return
plain counts for the statistics core (`stats/`). Nothing here is fit to publish as it stands:
`tables.py` applies primary and secondary suppression to every count that reaches a page, a
file or the API. No function here returns a name, a date of birth or free text.

Business rules (see docs/decisions/050-oversight-figures-and-report.md):
- a school is in the programme when it is an open secondary-phase establishment;
- a school-day "without its named officer" is a day with no named officer in the history
  (`NamedOfficerPeriod`), counted from the day the programme began recording (the first
  period's start; earlier days are unknown, not missing), or a day its named officer was away and
  another officer covered (`CoverAssignment`); cover from a committed redeployment scenario, or
  with the reason "redeployment", counts as redeployment;
- an officer's time is shared evenly across the schools they are named for;
- disproportionality counts *children*, not events: a child searched twice counts once, so
  the numerator never exceeds the population (the Katz interval needs this);
- the population for a rate is the young people known to the programme in the period: those
  with any concern, incident, search, referral or intervention dated in it, or whose record was
  opened in it. Every child counted in a numerator is in it. Characteristics are those on the
  child's record (self-defined ethnicity, free school meals, SEN, sex);
- events whose child record has since been anonymised keep only a snapshot of the child's
  characteristics; they enter the outcome tests (which need no population) but not the rates.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from saferschools.casework.choices import (
    CRIMINAL_JUSTICE_OUTCOMES,
    DIVERSION_OUTCOMES,
    EthnicGroup,
    PoliceOutcome,
    ReferralService,
    SearchExtent,
    SearchOutcome,
    ethnic_group,
)
from saferschools.casework.models import (
    Concern,
    Incident,
    Intervention,
    Referral,
    Search,
    YoungPerson,
)
from saferschools.engagement.models import SchoolContact, SchoolRequest, Session, YouthActivity
from saferschools.estate.models import Establishment, LsoaDeprivation, StopSearch
from saferschools.workforce.choices import CoverReason
from saferschools.workforce.models import CoverAssignment, NamedOfficerPeriod, SchoolAssignment

from . import aggregates as A
from .periods import Month, Window
from .stats import (
    GroupCount,
    OutcomeCount,
    SchoolPlacement,
    analyse_stop_search,
    fsm_split,
    placement_fairness,
)

#: Hours within which a flagged arrest / criminal-justice outcome must be reviewed.
REVIEW_HOURS = 24

# ----------------------------------------------------------------------------- groups

#: Characteristic -> (label, groups in display order, reference group).
CHARACTERISTICS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "ethnicity": (
        "Ethnic group (self-defined)",
        ("White", "Black", "Asian", "Mixed", "Other", "Not stated"),
        "White",
    ),
    "fsm": ("Free school meals", ("Not eligible", "Eligible", "Not known"), "Not eligible"),
    "sen": (
        "Special educational needs",
        ("No SEN", "SEN support", "EHC plan", "Not known"),
        "No SEN",
    ),
    "sex": ("Sex", ("Female", "Male", "Not known"), "Female"),
}

#: The published group of each stored code, by characteristic: the ONS ethnic groups' short
#: names, and the labels of `CHARACTERISTICS`; a blank or unknown code is "Not known".
_GROUP_OF_CODE: dict[str, dict[str, str]] = {
    "ethnicity": {g.value: g.name.replace("_", " ").capitalize() for g in EthnicGroup},
    "fsm": {"no": "Not eligible", "yes": "Eligible"},
    "sen": {"none": "No SEN", "sen_support": "SEN support", "ehcp": "EHC plan"},
    "sex": {"female": "Female", "male": "Male"},
}


def group_of(characteristic: str, *, ethnicity: str, fsm: str, sen: str, sex: str) -> str:
    """The published group of a child for one characteristic (codes as stored in casework)."""
    code = {"ethnicity": ethnic_group(ethnicity), "fsm": fsm, "sen": sen, "sex": sex}
    groups = _GROUP_OF_CODE[characteristic]
    if characteristic == "ethnicity":
        return groups[code["ethnicity"]]  # every stored code has its group
    return groups.get(code[characteristic], "Not known")


def _yp_groups(yp: YoungPerson) -> dict[str, str]:
    return {
        c: group_of(c, ethnicity=yp.ethnicity, fsm=yp.fsm, sen=yp.sen, sex=yp.sex)
        for c in CHARACTERISTICS
    }


def _snapshot_groups(rec: Any) -> dict[str, str]:
    return {
        c: group_of(
            c,
            ethnicity=rec.child_ethnicity,
            fsm=rec.child_fsm,
            sen=rec.child_sen,
            sex=rec.child_sex,
        )
        for c in CHARACTERISTICS
    }


# ----------------------------------------------------------------------------- schools


def programme_schools() -> list[Establishment]:
    """Open secondary-phase establishments in the force's districts, with district, division
    and named officer."""
    schools = Establishment.objects.secondary_phase()
    if schools.filter(district__division__isnull=False).exists():
        # The force's own districts (the register lists a few schools run by its local
        # authorities but sited elsewhere; allocation leaves them out too).
        schools = schools.filter(district__division__isnull=False)
    return list(
        schools.select_related("district__division", "named_assignment__officer").order_by(
            "district__name", "name"
        )
    )


def outside_force_schools() -> list[Establishment]:
    """Secondary-phase schools the register lists under the force's local authorities but sited
    in districts outside the force (Kent: one in Bromley, one in Lambeth). They are not the
    force's districts: tables leave them out and say so in a note."""
    schools = Establishment.objects.secondary_phase()
    if not schools.filter(district__division__isnull=False).exists():
        return []
    return list(
        schools.filter(district__division__isnull=True).select_related("district").order_by("name")
    )


def outside_force_note() -> str:
    """The note under a force table naming the schools outside the force's districts ("" if none)."""
    outside = outside_force_schools()
    if not outside:
        return ""
    places = sorted({s.district.name if s.district else "no district" for s in outside})
    names = ", ".join(
        f"{s.name} ({s.district.name if s.district else 'no district'})" for s in outside
    )
    return (
        f"Not in these tables: {len(outside)} school{'s' if len(outside) != 1 else ''} the register "
        f"lists under the force's local authorities but sited in {' and '.join(places)}, outside "
        f"the force's districts: {names}."
    )


def _named(school: Establishment) -> SchoolAssignment | None:
    try:
        return school.named_assignment
    except SchoolAssignment.DoesNotExist:
        return None


def _district(school: Establishment) -> str:
    return school.district.name if school.district else "No district"


def _division(school: Establishment) -> str:
    d = school.district
    return d.division.name if d is not None and d.division is not None else "No division"


def _days(a: dt.date, b: dt.date) -> set[dt.date]:
    """Days a..b inclusive."""
    return {a + dt.timedelta(days=k) for k in range((b - a).days + 1)} if b >= a else set()


# ----------------------------------------------------------------------------- indicators


@dataclass
class SchoolMonth:
    """One school's indicators for one month (activity counts and child counts, raw)."""

    school_id: int
    urn: int
    name: str
    district: str
    division: str
    officer: str  # the named officer at month end ("" when none)
    named_at_end: bool
    school_days: int
    days_named: int = 0  # school-days with a named officer on record
    days_no_named: int = 0  # recorded school-days with none
    days_unrecorded: int = 0  # school-days before the history began (unknown, not missing)
    end_recorded: bool = True  # is the month's last day within the recorded history?
    days_covered: int = 0
    days_redeployed: int = 0
    contacts: int = 0
    requests: int = 0
    requests_answered: int = 0
    requests_on_target: int = 0
    response_hours: list[float] = field(default_factory=list)
    sessions: int = 0
    session_attendance: int = 0
    concerns: int = 0
    referrals_made: int = 0
    referrals_completed: int = 0


ACTIVITY_FIELDS = (
    "school_days",
    "days_named",
    "days_no_named",
    "days_unrecorded",
    "days_covered",
    "days_redeployed",
    "contacts",
    "requests",
    "requests_answered",
    "requests_on_target",
    "sessions",
    "session_attendance",
)
CHILD_FIELDS = ("concerns", "referrals_made", "referrals_completed")


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
            # One history, three disjoint counts that add up to the month's days; "named at
            # month end" is read from the same set, so the figures cannot disagree.
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

    # Activity and casework counts: one GROUP BY per record kind (aggregates.py), so the cost
    # is schools x months whatever the number of records.
    def cells(counts: dict[tuple[int, Month], dict[str, int]]) -> Any:
        for (school_id, m), cell in counts.items():
            row = result.get(m)
            sm = row.get(school_id) if row is not None else None
            if sm is not None:
                yield sm, cell

    # Counted records: (model, its school, the date that places a record in a month, whether
    # that is a date rather than a moment, the figure it adds to).
    pupil = "young_person__school_id"
    counted: list[tuple[Any, str, str, bool, str]] = [
        (SchoolContact, "school_id", "contact_on", True, "contacts"),
        (Concern, "school_id", "raised_at", False, "concerns"),  # the child's school, kept
        (Referral, pupil, "made_on", True, "referrals_made"),
        (Referral, pupil, "responded_on", True, "referrals_completed"),
    ]
    for model, school, when, dates, figure in counted:
        by_month = A.counts_by_school_month(
            model.objects.filter(**{f"{school}__in": ids}),
            school=school,
            when=when,
            months=months,
            dates=dates,
        )
        for sm, cell in cells(by_month):
            setattr(sm, figure, getattr(sm, figure) + cell["n"])
    for sm, cell in cells(
        A.counts_by_school_month(
            Session.objects.filter(school_id__in=ids),
            school="school_id",
            when="delivered_on",
            months=months,
            dates=True,
            sums=["attendance"],
        )
    ):
        sm.sessions += cell["n"]
        sm.session_attendance += cell["attendance"]
    request_counts, response_hours = A.request_counts(
        SchoolRequest.objects.filter(school_id__in=ids), months=months
    )
    for key, cell in request_counts.items():
        for sm, _ in cells({key: cell}):
            sm.requests += cell["n"]
            sm.requests_answered += cell["answered"]
            sm.requests_on_target += cell["on_target"]
            sm.response_hours.extend(response_hours.get(key, []))
    return {m: list(rows.values()) for m, rows in result.items()}


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class ScenarioImpact:
    name: str
    start: dt.date
    end: dt.date | None
    schools: int
    school_days: int
    contacts_per_school_affected: float | None
    contacts_per_school_other: float | None


def redeployment_impact(month: Month, rows: list[SchoolMonth]) -> list[ScenarioImpact]:
    """Committed redeployment scenarios overlapping the month: schools and days lost, and
    contacts per school at the schools affected against the others."""
    from saferschools.allocation.models import Scenario

    scenarios = (
        Scenario.objects.filter(committed_at__isnull=False, start__lte=month.end)
        .filter(Q(end__isnull=True) | Q(end__gte=month.start))
        .order_by("start")
    )
    by_school = {r.school_id: r for r in rows}
    out = []
    for sc in scenarios:
        covers = CoverAssignment.objects.filter(scenario=sc)
        schools: set[int] = set()
        days = 0
        for c in covers:
            if c.establishment_id not in by_school:
                continue
            span = _days(max(c.start, month.start), min(c.end or month.end, month.end))
            if span:
                schools.add(c.establishment_id)
                days += len(span)
        hit = [by_school[i] for i in schools]
        other = [r for r in rows if r.school_id not in schools]
        out.append(
            ScenarioImpact(
                name=sc.name,
                start=sc.start,
                end=sc.end,
                schools=len(schools),
                school_days=days,
                contacts_per_school_affected=(
                    sum(r.contacts for r in hit) / len(hit) if hit else None
                ),
                contacts_per_school_other=(
                    sum(r.contacts for r in other) / len(other) if other else None
                ),
            )
        )
    return out


# ----------------------------------------------------------------------------- placement


@dataclass
class Placement:
    fsm: Any  # PlacementResult
    decile: Any  # PlacementResult
    schools: int
    schools_with_officer: int
    schools_no_fsm: int  # left out of the FSM split (no roll or no FSM figure)
    schools_no_decile: int
    by_district: list[dict[str, Any]]


def placement() -> Placement:
    """Officer time against pupils by free school meals and deprivation decile (IoD2019)."""
    schools = programme_schools()
    per_officer = Counter(
        a.officer_id for a in SchoolAssignment.objects.filter(establishment__in=schools)
    )
    deciles = dict(
        LsoaDeprivation.objects.filter(
            lsoa_code__in={s.lsoa11_code for s in schools if s.lsoa11_code}
        ).values_list("lsoa_code", "imd_decile")
    )
    fsm_rows, decile_rows = [], []
    no_fsm = no_decile = with_officer = 0
    district: dict[str, dict[str, Any]] = {}
    for s in schools:
        named = _named(s)
        fte = 0.0
        if named is not None:
            with_officer += 1
            hours = float(named.officer.hours_per_week or Decimal(40))
            fte = (hours / 40.0) / per_officer[named.officer_id]
        d = district.setdefault(
            _district(s),
            {
                "district": _district(s),
                "division": _division(s),
                "schools": 0,
                "pupils": 0,
                "fte": 0.0,
                "fsm_pupils": 0.0,
                "with_officer": 0,
            },
        )
        d["schools"] += 1
        d["fte"] += fte
        d["with_officer"] += named is not None
        roll = s.number_of_pupils or 0
        d["pupils"] += roll
        if roll and s.percentage_fsm is not None:
            split = fsm_split(roll, float(s.percentage_fsm))
            d["fsm_pupils"] += split["FSM"]
            fsm_rows.append(SchoolPlacement(str(s.urn), fte, split))
        else:
            no_fsm += 1
        dec = deciles.get(s.lsoa11_code)
        if roll and dec is not None:
            decile_rows.append(SchoolPlacement(str(s.urn), fte, {f"Decile {dec}": float(roll)}))
        else:
            no_decile += 1
    # Every decile appears, in order, even with no school in it.
    decile_rows.insert(0, SchoolPlacement("order", 0.0, {f"Decile {k}": 0.0 for k in range(1, 11)}))
    for d in district.values():
        d["per_1000"] = d["fte"] * 1000.0 / d["pupils"] if d["pupils"] else None
        d["fsm_share"] = d["fsm_pupils"] / d["pupils"] if d["pupils"] else None
    return Placement(
        fsm=placement_fairness(fsm_rows),
        decile=placement_fairness(decile_rows),
        schools=len(schools),
        schools_with_officer=with_officer,
        schools_no_fsm=no_fsm,
        schools_no_decile=no_decile,
        by_district=sorted(district.values(), key=lambda r: (r["division"], r["district"])),
    )


# ----------------------------------------------------------------------------- disproportionality

#: Police actions measured against the population, in report order.
ACTIONS: dict[str, str] = {
    "search": "Searched",
    "strip_search": "Strip-searched (more than outer clothing)",
    "arrest": "Arrested",
    "prevent": "Referred to Prevent / Channel",
    "criminal_justice": "Criminal-justice outcome (arrest or charge)",
    "diversion": "Diverted (words of advice, restorative, community resolution)",
}


@dataclass
class Disproportionality:
    window: Window
    population: dict[str, Counter]  # characteristic -> group -> children known
    actions: dict[str, dict[str, Counter]]  # action -> characteristic -> group -> children
    search_outcomes: dict[str, dict[str, OutcomeCount]]  # characteristic -> group -> counts
    outcome_share: dict[str, dict[str, OutcomeCount]]  # CJ of decided (CJ + diversion)
    unlinked_events: int
    children_known: int

    def group_counts(self, action: str, characteristic: str) -> dict[str, GroupCount]:
        groups = CHARACTERISTICS[characteristic][1]
        pop = self.population[characteristic]
        acts = self.actions[action][characteristic]
        return {g: GroupCount(acts[g], pop[g]) for g in groups}


def _groups_of_codes(codes: tuple[str, ...]) -> dict[str, str]:
    ethnicity, fsm, sen, sex = codes
    return {c: group_of(c, ethnicity=ethnicity, fsm=fsm, sen=sen, sex=sex) for c in CHARACTERISTICS}


def _by_group(counts: Counter[tuple[str, ...]]) -> dict[str, Counter]:
    """Counts keyed by code tuples -> characteristic -> published group -> count."""
    out: dict[str, Counter] = {c: Counter() for c in CHARACTERISTICS}
    for codes, n in counts.items():
        for c, g in _groups_of_codes(codes).items():
            out[c][g] += n
    return out


def disproportionality(
    window: Window, *, schools: Iterable[int] | None = None
) -> Disproportionality:
    """Children known and children acted on, by group, over the window (raw counts).

    Every count is a GROUP BY in the database (`aggregates.py`): distinct children by the
    characteristics on their record for the population and the actions, events by the
    snapshot taken at the time for the outcome tests."""
    lo, hi = window.start_at, window.end_at
    school_ids = None if schools is None else list(schools)
    school_filter = Q() if school_ids is None else Q(young_person__school_id__in=school_ids)
    event_filter = Q() if school_ids is None else Q(school_id__in=school_ids)

    searches = Search.objects.filter(event_filter, searched_at__gte=lo, searched_at__lt=hi)
    incidents = Incident.objects.filter(event_filter, occurred_at__gte=lo, occurred_at__lt=hi)
    referrals = Referral.objects.filter(
        school_filter, made_on__gte=window.start, made_on__lte=window.end
    )
    concerns = Concern.objects.filter(event_filter, raised_at__gte=lo, raised_at__lt=hi)
    interventions = Intervention.objects.filter(
        school_filter, start_date__gte=window.start, start_date__lte=window.end
    )
    opened = Q(created_at__gte=lo, created_at__lt=hi)
    if school_ids is not None:
        opened &= Q(school_id__in=school_ids)
    # The children a rate may count: live, not anonymised records.
    people = YoungPerson.objects.filter(anonymised_at__isnull=True)

    def ids(qs: Any) -> Any:
        return qs.values("young_person_id")

    known = people.filter(
        Q(pk__in=ids(searches))
        | Q(pk__in=ids(incidents))
        | Q(pk__in=ids(referrals))
        | Q(pk__in=ids(concerns))
        | Q(pk__in=ids(interventions))
        | opened
    )
    population_codes = A.children_by_characteristics(known)
    population = _by_group(population_codes)
    acted_on = {
        "search": ids(searches),
        "strip_search": ids(searches.filter(extent=SearchExtent.MORE_THAN_OUTER)),
        "arrest": None,
        "prevent": ids(referrals.filter(service=ReferralService.PREVENT)),
        "criminal_justice": ids(incidents.filter(outcome__in=CRIMINAL_JUSTICE_OUTCOMES)),
        "diversion": ids(incidents.filter(outcome__in=DIVERSION_OUTCOMES)),
    }
    actions: dict[str, dict[str, Counter]] = {}
    for action in ACTIONS:
        if action == "arrest":
            who = people.filter(
                Q(pk__in=ids(searches.filter(outcome=SearchOutcome.ARREST)))
                | Q(pk__in=ids(incidents.filter(outcome=PoliceOutcome.ARREST)))
            )
        else:
            who = people.filter(pk__in=acted_on[action])
        actions[action] = _by_group(A.children_by_characteristics(who))
    linked = Q(
        young_person__isnull=False,
        young_person__deleted_at__isnull=True,
        young_person__anonymised_at__isnull=True,
    )
    unlinked = (
        searches.count()
        - searches.filter(linked).count()
        + incidents.count()
        - incidents.filter(linked).count()
    )

    # Outcome tests use the snapshot taken at the time (kept after anonymisation).
    search_codes = A.events_by_snapshot(searches, Q(outcome=SearchOutcome.NOTHING))
    decided_codes = A.events_by_snapshot(
        incidents,
        Q(outcome__in=CRIMINAL_JUSTICE_OUTCOMES),
        decided=Q(outcome__in=CRIMINAL_JUSTICE_OUTCOMES | DIVERSION_OUTCOMES),
    )
    search_outcomes: dict[str, dict[str, OutcomeCount]] = {}
    share: dict[str, dict[str, OutcomeCount]] = {}
    for c, (_, groups, _) in CHARACTERISTICS.items():
        for codes_counts, target in ((search_codes, search_outcomes), (decided_codes, share)):
            n: Counter = Counter()
            k: Counter = Counter()
            for codes, (events, positive) in codes_counts.items():
                g = _groups_of_codes(codes)[c]
                n[g] += events
                k[g] += positive
            target[c] = {g: OutcomeCount(n[g], k[g]) for g in groups}
    return Disproportionality(
        window=window,
        population=population,
        actions=actions,
        search_outcomes=search_outcomes,
        outcome_share=share,
        unlinked_events=unlinked,
        children_known=sum(population_codes.values()),
    )


# ----------------------------------------------------------------------------- outcomes by school

OUTCOME_COLUMNS = ("No further action", "Diversion", "Criminal justice")


def outcomes_by_school(window: Window) -> list[tuple[str, list[int]]]:
    """Decided incident outcomes per school: NFA, diversion, criminal justice (raw; one
    GROUP BY school and outcome)."""
    counts: dict[str, list[int]] = {}
    for name, outcome, n in A.outcome_counts_by_school(
        Incident.all_objects.filter(
            deleted_at__isnull=True,
            occurred_at__gte=window.start_at,
            occurred_at__lt=window.end_at,
            school__isnull=False,
        )
    ):
        if outcome == PoliceOutcome.NFA:
            col = 0
        elif outcome in DIVERSION_OUTCOMES:
            col = 1
        elif outcome in CRIMINAL_JUSTICE_OUTCOMES:
            col = 2
        else:
            continue
        counts.setdefault(name, [0, 0, 0])[col] += n
    return sorted(counts.items())


# ----------------------------------------------------------------------------- sergeant reviews


@dataclass
class ReviewItem:
    incident_id: int
    school: str
    division: str
    outcome: str
    flagged_at: dt.datetime
    reviewed_at: dt.datetime | None
    hours_waiting: float
    overdue: bool


def review_queue(*, schools: Iterable[int] | None = None) -> QuerySet[Incident]:
    """Arrests and criminal-justice outcomes on school premises awaiting a sergeant's review,
    longest waiting first (at `schools`, or across the force when None).

    Casework flags them and notifies the sergeant when recorded (`casework.services`); here
    the queue is measured: waiting more than REVIEW_HOURS is overdue."""
    qs = Incident.objects.filter(sergeant_review_required=True, reviewed_at__isnull=True)
    if schools is not None:
        qs = qs.filter(school_id__in=list(schools))
    return qs.annotate(flagged=Coalesce("outcome_at", "created_at")).order_by("flagged", "pk")


@dataclass(frozen=True)
class ReviewCounts:
    waiting: int
    overdue: int


def review_counts(
    *, schools: Iterable[int] | None = None, now: dt.datetime | None = None
) -> ReviewCounts:
    """How many outcomes wait for review, and how many of them longer than REVIEW_HOURS
    (counted by the database, not by reading the queue)."""
    got = review_queue(schools=schools).aggregate(**_waiting_and_overdue(now))
    return ReviewCounts(got["waiting"], got["overdue"])


def _waiting_and_overdue(now: dt.datetime | None) -> dict[str, Count]:
    """The two counts of a review queue: all waiting, and those flagged more than
    REVIEW_HOURS before `now`."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=REVIEW_HOURS)
    return {"waiting": Count("pk"), "overdue": Count("pk", filter=Q(flagged__lt=cutoff))}


def review_counts_by_division(*, now: dt.datetime | None = None) -> dict[str, ReviewCounts]:
    """`review_counts` for each policing area (division) across the force."""
    rows = (
        review_queue()
        .order_by()
        .values("school__district__division__name")
        .annotate(**_waiting_and_overdue(now))
    )
    return {
        r["school__district__division__name"] or "No division": ReviewCounts(
            r["waiting"], r["overdue"]
        )
        for r in rows
    }


def review_items(
    incidents: Iterable[Incident] | None = None,
    *,
    schools: Iterable[int] | None = None,
    now: dt.datetime | None = None,
    limit: int | None = None,
) -> list[ReviewItem]:
    """The queue's entries as shown: `incidents` (a page of `review_queue`), or the first
    `limit` of the queue at `schools` (all of it when `limit` is None)."""
    now = now or timezone.now()
    if incidents is None:
        queue = review_queue(schools=schools).select_related("school__district__division")
        incidents = queue if limit is None else queue[:limit]
    items = []
    for i in incidents:
        flagged = i.outcome_at or i.created_at
        hours = (now - flagged).total_seconds() / 3600.0
        items.append(
            ReviewItem(
                incident_id=i.pk,
                school=i.school.name if i.school else "",
                division=_division(i.school) if i.school else "No division",
                outcome=i.get_outcome_display(),
                flagged_at=flagged,
                reviewed_at=None,
                hours_waiting=hours,
                overdue=hours > REVIEW_HOURS,
            )
        )
    return items


@dataclass
class ReviewMonth:
    flagged: int
    reviewed_in_time: int
    reviewed_late: int
    waiting: int


def reviews_in(month: Month) -> ReviewMonth:
    """Flagged outcomes in the month: reviewed within a day, reviewed late, still waiting."""
    flagged = reviewed_in_time = late = waiting = 0
    for i in Incident.objects.filter(
        sergeant_review_required=True,
        outcome_at__gte=month.start_at,
        outcome_at__lt=month.end_at,
    ):
        flagged += 1
        if i.reviewed_at is None:
            waiting += 1
        elif (i.reviewed_at - i.outcome_at).total_seconds() <= REVIEW_HOURS * 3600:
            reviewed_in_time += 1
        else:
            late += 1
    return ReviewMonth(flagged, reviewed_in_time, late, waiting)


# ----------------------------------------------------------------------------- stop and search

#: estate.StopSearch fields as the police.uk column names the stats core reads.
POLICE_UK_COLUMNS = {
    "Type": "search_type",
    "Gender": "gender",
    "Age range": "age_range",
    "Self-defined ethnicity": "self_defined_ethnicity",
    "Officer-defined ethnicity": "officer_defined_ethnicity",
    "Outcome": "outcome",
}


def stop_search_months() -> list[Month]:
    return [
        Month.of(d)
        for d in StopSearch.objects.values_list("month", flat=True).distinct().order_by("month")
    ]


def stop_search(month: Month) -> Any:
    """The force's published police.uk stop and search for the month (StopSearchAnalysis), or
    None when no records for that month are loaded."""
    rows = list(
        StopSearch.objects.filter(month__gte=month.start, month__lte=month.end).values(
            *POLICE_UK_COLUMNS.values()
        )
    )
    if not rows:
        return None
    return analyse_stop_search(
        {col: (r[f] or "") for col, f in POLICE_UK_COLUMNS.items()} for r in rows
    )


def stop_search_forces(month: Month) -> list[str]:
    return sorted(
        set(
            StopSearch.objects.filter(month__gte=month.start, month__lte=month.end).values_list(
                "force", flat=True
            )
        )
    )


def youth_activities(month: Month) -> int:
    return YouthActivity.objects.filter(
        starts_on__gte=month.start, starts_on__lte=month.end
    ).count()
