"""Reads for the front door.

Public reads (`school_search`, `public_school_get`, `school_card`) return only what the force
publishes: a school's name, town and URN; its officers' `public_name` and `published_contact`.
Nothing else about an officer (first name, collar number, account) leaves this module for a
public page. Staff reads (survey results, resources) check the user's role and scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from saferschools.accounts.scope import role_of, schools_visible_to
from saferschools.estate.filters import EstablishmentFilterSet
from saferschools.estate.models import District, Establishment
from saferschools.oversight.stats import suppress_2d
from saferschools.workforce.models import CoverAssignment, Officer

from .choices import WORRIES, SafeAnswer, TalkAnswer, VersionStatus, YesNo
from .models import Resource, ResourceDelivery, ResourceVersion, SurveyResponse
from .permissions import RESOURCE_VIEW_ROLES, SURVEY_VIEW_ROLES, sees_drafts

SEARCH_LIMIT = 25

# ---------------------------------------------------------------- public: find your officer


def public_schools() -> QuerySet[Establishment]:
    """Schools the public pages show: open secondary-phase establishments."""
    return Establishment.objects.secondary_phase()


def school_search(q: str) -> list[Establishment]:
    """Schools matching a name, town, district or URN, at most SEARCH_LIMIT.

    The register (GIAS) gives no postcode or address, so a place name is matched against the
    school's name, its town where held, its district (Thanet, Medway) and its parliamentary
    constituency, whose names carry the towns (Sittingbourne and Sheppey, Gillingham and
    Rainham, Herne Bay and Sandwich)."""
    q = (q or "").strip()
    if not q:
        return []
    fs = EstablishmentFilterSet({"q": q[:100]}, queryset=public_schools())
    found = list(fs.qs.order_by("name")[: SEARCH_LIMIT + 1])
    if len(found) <= SEARCH_LIMIT:
        from saferschools.estate.maps import constituency_names

        needle = q.lower()
        codes = [c for c, name in constituency_names().items() if needle in name.lower()]
        if codes:
            seen = {s.pk for s in found}
            extra = public_schools().filter(constituency_code__in=codes).exclude(pk__in=seen)
            found = sorted([*found, *extra.order_by("name")], key=lambda s: s.name)
    return found[:SEARCH_LIMIT]


def districts_with_schools() -> list[tuple[District, list[Establishment]]]:
    """The force's districts, each with its secondary-phase schools (the public list)."""
    schools = public_schools().select_related("district").order_by("district__name", "name")
    if schools.filter(district__division__isnull=False).exists():
        schools = schools.filter(district__division__isnull=False)
    out: dict[int, tuple[District, list[Establishment]]] = {}
    for s in schools:
        if s.district is None:
            continue
        out.setdefault(s.district_id, (s.district, []))[1].append(s)
    return sorted(out.values(), key=lambda pair: pair[0].name)


def public_school_get(urn: Any) -> Establishment | None:
    try:
        return public_schools().filter(urn=int(urn)).select_related("district").first()
    except (TypeError, ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class PublicOfficer:
    """An officer as the force publishes them: nothing else."""

    name: str
    contact: str

    @classmethod
    def of(cls, officer: Officer | None) -> PublicOfficer | None:
        if officer is None or not officer.is_active:
            return None
        return cls(name=officer.public_name, contact=officer.public_contact)


@dataclass(frozen=True)
class SchoolCard:
    named: PublicOfficer | None
    cover: PublicOfficer | None
    cover_until: dt.date | None = None


def named_officer(school: Establishment) -> Officer | None:
    assignment = getattr(school, "named_assignment", None)
    try:
        return assignment.officer if assignment else None
    except Officer.DoesNotExist:  # pragma: no cover - PROTECT makes this unlikely
        return None


def cover_assignment(school: Establishment, on: dt.date | None = None) -> CoverAssignment | None:
    """The cover active on `on` (today by default), the latest to start first."""
    day = on or timezone.localdate()
    return (
        CoverAssignment.objects.active_on(day)
        .filter(establishment=school, officer__is_active=True)
        .select_related("officer")
        .order_by("-start", "-pk")
        .first()
    )


def responsible_officer(school: Establishment, on: dt.date | None = None) -> tuple[Any, bool]:
    """(officer, is_cover): who should answer for the school that day: the cover officer while
    one covers it (the named officer is away or redeployed), otherwise the named officer."""
    cover = cover_assignment(school, on)
    if cover is not None:
        return cover.officer, True
    return named_officer(school), False


def school_card(school: Establishment, on: dt.date | None = None) -> SchoolCard:
    cover = cover_assignment(school, on)
    return SchoolCard(
        named=PublicOfficer.of(named_officer(school)),
        cover=PublicOfficer.of(cover.officer) if cover else None,
        cover_until=cover.end if cover else None,
    )


# ---------------------------------------------------------------- staff: survey results

QUESTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("safe_in_school", "Do you feel safe in school?", list(SafeAnswer.choices)),
    ("safe_around_school", "Do you feel safe around school?", list(SafeAnswer.choices)),
    ("know_officer", "Do you know who your schools officer is?", list(YesNo.choices)),
    ("would_talk", "Would you talk to them if you were worried?", list(TalkAnswer.choices)),
]


def term_of(day: dt.date) -> tuple[str, str]:
    """(sort key, label) of the school term a day falls in: autumn Sep-Dec, spring Jan-Mar,
    summer Apr-Aug (calendar approximations of the English school year)."""
    if day.month >= 9:
        return f"{day.year}-1", f"Autumn {day.year}"
    if day.month <= 3:
        return f"{day.year - 1}-2", f"Spring {day.year}"
    return f"{day.year - 1}-3", f"Summer {day.year}"


def month_of(day: dt.date) -> tuple[str, str]:
    return f"{day:%Y-%m}", f"{day:%B %Y}"


@dataclass
class PublishedTable:
    """One question over time, as published: None is a suppressed figure ("[c]")."""

    question: str
    options: list[str]
    periods: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    col_totals: list[int | None]
    grand_total: int | None
    rows: list[tuple[str, list[int | None], int | None]] = field(default_factory=list)


@dataclass
class SurveyResults:
    scope_label: str
    period: str
    responses: int
    tables: list[PublishedTable]


def _publish(
    question: str, options: list[str], periods: list[str], cells: list[list[int]]
) -> PublishedTable:
    p = suppress_2d(cells)
    return PublishedTable(
        question=question,
        options=options,
        periods=periods,
        cells=p.cells,
        row_totals=p.row_totals,
        col_totals=p.col_totals,
        grand_total=p.grand_total,
        rows=list(zip(periods, p.cells, p.row_totals, strict=True)),
    )


def survey_responses(
    *, user: Any, school: Establishment | None = None, district: District | None = None
) -> QuerySet[SurveyResponse]:
    if role_of(user) not in SURVEY_VIEW_ROLES:
        return SurveyResponse.objects.none()
    qs = SurveyResponse.objects.filter(school__in=schools_visible_to(user))
    if school is not None:
        qs = qs.filter(school=school)
    elif district is not None:
        qs = qs.filter(school__district=district)
    return qs


def survey_results(
    *,
    user: Any,
    school: Establishment | None = None,
    district: District | None = None,
    period: str = "term",
) -> SurveyResults:
    """Every question as a periods x answers table with totals, through suppress_2d: no
    published figure from 1 to 4, and enough others hidden that none can be worked back."""
    qs = survey_responses(user=user, school=school, district=district)
    bucket = month_of if period == "month" else term_of
    fields = [q[0] for q in QUESTIONS] + list(WORRIES)
    rows = list(qs.values("answered_on", *fields))
    keys: dict[str, str] = {}
    for r in rows:
        k, label = bucket(r["answered_on"])
        keys[k] = label
    order = sorted(keys)
    index = {k: i for i, k in enumerate(order)}
    labels = [keys[k] for k in order]
    tables: list[PublishedTable] = []
    if rows:
        for name, question, options in QUESTIONS:
            values = [v for v, _ in options]
            cells = [[0] * len(values) for _ in order]
            for r in rows:
                cells[index[bucket(r["answered_on"])[0]]][values.index(r[name])] += 1
            tables.append(_publish(question, [lbl for _, lbl in options], labels, cells))
        for name, label in WORRIES.items():
            cells = [[0, 0] for _ in order]
            for r in rows:
                cells[index[bucket(r["answered_on"])[0]]][0 if r[name] else 1] += 1
            tables.append(
                _publish(
                    f"What worries you: {label.lower()}", ["Ticked", "Not ticked"], labels, cells
                )
            )
    scope = school.name if school else (district.name if district else "All schools")
    return SurveyResults(scope_label=scope, period=period, responses=len(rows), tables=tables)


# ---------------------------------------------------------------- staff: resource library


def resources(*, user: Any) -> QuerySet[Resource]:
    role = role_of(user)
    if role not in RESOURCE_VIEW_ROLES:
        return Resource.objects.none()
    qs = Resource.objects.all()
    if not sees_drafts(user):
        qs = qs.filter(versions__status=VersionStatus.APPROVED).distinct()
    return qs.annotate(
        drafts=Count("versions", filter=Q(versions__status=VersionStatus.DRAFT), distinct=True)
    )


def resource_get(*, user: Any, pk: Any) -> Resource | None:
    try:
        return resources(user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def resource_versions(*, user: Any, resource: Resource) -> QuerySet[ResourceVersion]:
    qs = resource.versions.select_related("approved_by", "created_by")
    if not sees_drafts(user):
        qs = qs.filter(status=VersionStatus.APPROVED)
    return qs


def version_get(*, user: Any, pk: Any) -> ResourceVersion | None:
    try:
        v = ResourceVersion.objects.select_related("resource").filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None
    if v is None or resource_get(user=user, pk=v.resource_id) is None:
        return None
    if v.status != VersionStatus.APPROVED and not sees_drafts(user):
        return None
    return v


def approved_versions() -> QuerySet[ResourceVersion]:
    return ResourceVersion.objects.filter(status=VersionStatus.APPROVED).select_related("resource")


def deliveries(*, user: Any) -> QuerySet[ResourceDelivery]:
    if role_of(user) not in RESOURCE_VIEW_ROLES:
        return ResourceDelivery.objects.none()
    return ResourceDelivery.objects.filter(school__in=schools_visible_to(user)).select_related(
        "version__resource", "school"
    )
