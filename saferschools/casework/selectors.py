"""Reads of casework, always through the user's scope.

Business rule: only the casework roles (`permissions.CASEWORK_ROLES`) ever get children's records,
and only at the schools `accounts.scope.schools_visible_to` gives them. The co-ordinator gets
`pseudonymised_events` (no names, no dates of birth, no free text) and nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.scope import ALL_SCHOOL_ROLES, role_of, schools_visible_to

from . import permissions
from .choices import ethnic_group
from .models import Concern, Incident, Intervention, Referral, Search, YoungPerson

REPEAT_CONCERNS = 3
REPEAT_WINDOW_DAYS = 90


def _schools(user: Any) -> QuerySet:
    return schools_visible_to(user)


def school_ids(user: Any) -> list[int] | None:
    """The ids of the schools in the user's scope, or None for every school.

    Lists start from these ids (indexes lead with the school, then the young person), so a
    list costs what the user's scope holds, not the force's whole volume (issue 17): the
    scope is resolved once to a short list of ids, not joined into every list query."""
    active = getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)
    if active and (user.is_superuser or role_of(user) in ALL_SCHOOL_ROLES):
        return None
    return list(_schools(user).values_list("pk", flat=True))


def _in_scope(qs: QuerySet, user: Any, path: str) -> QuerySet:
    ids = school_ids(user)
    return qs if ids is None else qs.filter(**{f"{path}__in": ids})


#: The path to the school of a record that has none of its own: its child's.
_BY_CHILD = "young_person__school_id"


def _records(records: QuerySet, user: Any, school: str, *related: str) -> QuerySet:
    """A kind's records at the user's schools (`school`: the path to the school's id), with
    what their lists show joined; nothing for a role outside casework."""
    if not permissions.can_view_casework(user):
        return records.none()
    return _in_scope(records, user, school).select_related(*related)


def young_people(*, user: Any) -> QuerySet[YoungPerson]:
    return _records(YoungPerson.objects.all(), user, "school_id", "school")


def young_person_get(*, user: Any, pk: Any) -> YoungPerson | None:
    try:
        return young_people(user=user).filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def concerns(*, user: Any) -> QuerySet[Concern]:
    # Scoped by the concern's own school (the child's, kept equal), and a removed child's
    # concerns left out by an anti-join: the list's page and count come from one index.
    removed_child = YoungPerson.all_objects.filter(
        pk=OuterRef("young_person_id"), deleted_at__isnull=False
    )
    live = Concern.objects.filter(~Exists(removed_child))
    return _records(live, user, "school_id", "young_person__school")


def incidents(*, user: Any) -> QuerySet[Incident]:
    with_child = Incident.objects.filter(young_person__isnull=False)
    return _records(with_child, user, "school_id", "young_person", "school")


def searches(*, user: Any) -> QuerySet[Search]:
    with_child = Search.objects.filter(young_person__isnull=False)
    return _records(with_child, user, "school_id", "young_person", "school")


def interventions(*, user: Any) -> QuerySet[Intervention]:
    return _records(Intervention.objects.all(), user, _BY_CHILD, "young_person__school")


def referrals(*, user: Any) -> QuerySet[Referral]:
    return _records(
        Referral.objects.all(), user, _BY_CHILD, "young_person__school", "consent_override_by"
    )


# ---------------------------------------------------------------- chronology and alerts


@dataclass
class ChronologyEntry:
    when: dt.datetime
    kind: str
    title: str
    summary: str
    childs_words: str
    link: str
    flags: list[str] = field(default_factory=list)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


#: Entries per chronology page (web and API).
CHRONOLOGY_PAGE_SIZE = 50

#: Chronology kinds: (label, related name, the field giving the time, a date rather than a time).
_CHRONOLOGY_KINDS = (
    ("Concern", "concerns", "raised_at", False),
    ("Incident", "incidents", "occurred_at", False),
    ("Search", "searches", "searched_at", False),
    ("Intervention", "interventions", "start_date", True),
    ("Referral", "referrals", "made_on", True),
)


def chronology_keys(young_person: YoungPerson) -> list[tuple[dt.datetime, str, int]]:
    """(when, kind, id) of every record of one child, oldest first: ids and times only (one
    small query per kind through the young person's index), so a page of the chronology reads
    and decrypts only the records it shows."""
    keys = []
    for kind, related, when, is_date in _CHRONOLOGY_KINDS:
        for pk, value in getattr(young_person, related).order_by().values_list("pk", when):
            keys.append((_at(value) if is_date else value, kind, pk))
    keys.sort()
    return keys


@dataclass
class ChronologyPage:
    entries: list[ChronologyEntry]
    page_obj: Any  # django.core.paginator.Page over the keys (number, paginator.count, ...)


def chronology_page(
    young_person: YoungPerson, page: Any = 1, *, per_page: int = CHRONOLOGY_PAGE_SIZE
) -> ChronologyPage:
    """One page of the chronology, oldest first (a page number past the end gives the last
    page; anything not a number the first)."""
    from django.core.paginator import Paginator

    page_obj = Paginator(chronology_keys(young_person), per_page).get_page(page)
    return ChronologyPage(chronology_entries(young_person, list(page_obj.object_list)), page_obj)


def chronology(young_person: YoungPerson) -> list[ChronologyEntry]:
    """Every concern, incident, search, intervention and referral of one child, oldest first,
    with the child's own words beside each (the whole record: subject access, exports)."""
    return chronology_entries(young_person, chronology_keys(young_person))


def chronology_entries(
    young_person: YoungPerson, keys: list[tuple[dt.datetime, str, int]]
) -> list[ChronologyEntry]:
    """The entries for `keys` (from `chronology_keys`), in that order."""
    wanted: dict[str, list[int]] = {}
    for _, kind, pk in keys:
        wanted.setdefault(kind, []).append(pk)
    made: dict[tuple[str, int], ChronologyEntry] = {}
    for c in young_person.concerns.filter(pk__in=wanted.get("Concern", [])):
        words = c.childs_words or (
            f"(View not obtained: {c.child_view_not_obtained})" if c.child_view_not_obtained else ""
        )
        made["Concern", c.pk] = ChronologyEntry(
            c.raised_at,
            "Concern",
            f"{c.get_category_display()} concern",
            f"Raised by {c.get_raised_by_display().lower()}; risk {c.get_risk_level_display().lower()}"
            f"; {c.get_status_display().lower()}.",
            words,
            reverse("casework:concern_detail", args=[c.pk]),
        )
    for i in young_person.incidents.filter(pk__in=wanted.get("Incident", [])):
        flags = (
            ["For sergeant's review"] if i.sergeant_review_required and not i.reviewed_at else []
        )
        made["Incident", i.pk] = ChronologyEntry(
            i.occurred_at,
            "Incident",
            f"{i.get_category_display()} incident",
            f"Outcome: {i.get_outcome_display()}"
            f"{' (on school premises)' if i.on_school_premises else ''}.",
            i.childs_words,
            reverse("casework:incident_detail", args=[i.pk]),
            flags,
        )
    for s in young_person.searches.filter(pk__in=wanted.get("Search", [])):
        flags = []
        if s.is_strip_search:
            flags.append("Strip search")
        if s.parent_notice_flag:
            flags.append("Parent told late or not at all")
        made["Search", s.pk] = ChronologyEntry(
            s.searched_at,
            "Search",
            f"Search for {s.get_reason_display().lower()}",
            f"{s.get_extent_display()}; {s.get_outcome_display().lower()}.",
            s.childs_words,
            reverse("casework:search_detail", args=[s.pk]),
            flags,
        )
    for iv in young_person.interventions.filter(pk__in=wanted.get("Intervention", [])):
        made["Intervention", iv.pk] = ChronologyEntry(
            _at(iv.start_date),
            "Intervention",
            iv.get_kind_display(),
            f"{iv.get_status_display()}{f' with {iv.provider}' if iv.provider else ''}.",
            iv.childs_words,
            reverse("casework:intervention_detail", args=[iv.pk]),
        )
    for r in young_person.referrals.filter(pk__in=wanted.get("Referral", [])):
        flags = ["Overdue"] if r.is_overdue else []
        made["Referral", r.pk] = ChronologyEntry(
            _at(r.made_on),
            "Referral",
            f"Referral to {r.get_service_display()}",
            f"{r.get_status_display()}; response due {r.due_date:%d %B %Y}.",
            r.childs_words,
            reverse("casework:referral_detail", args=[r.pk]),
            flags,
        )
    return [made[kind, pk] for _, kind, pk in keys if (kind, pk) in made]


@dataclass
class Alert:
    code: str
    title: str
    text: str


def concern_alerts(young_person: YoungPerson, *, as_of: Concern | None = None) -> list[Alert]:
    """Repeated concerns (3+ in 90 days) and rising risk (latest concern's risk higher than the
    one before it)."""
    # young_person_id is loaded too: the related manager sets each row's parent through it, and
    # a deferred foreign key costs one query per row (300 for a long chronology).
    qs = young_person.concerns.order_by("raised_at", "pk").only(
        "pk", "young_person_id", "raised_at", "risk_level"
    )
    rows = list(qs)
    if as_of is not None:
        rows = [c for c in rows if (c.raised_at, c.pk) <= (as_of.raised_at, as_of.pk)]
    if not rows:
        return []
    latest = rows[-1]
    alerts = []
    window_start = latest.raised_at - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    recent = [c for c in rows if c.raised_at >= window_start]
    if len(recent) >= REPEAT_CONCERNS:
        alerts.append(
            Alert(
                "repeated_concerns",
                "Repeated concerns",
                f"{len(recent)} concerns in the {REPEAT_WINDOW_DAYS} days to "
                f"{latest.raised_at:%d %B %Y}.",
            )
        )
    if len(rows) >= 2 and latest.risk_level > rows[-2].risk_level:
        alerts.append(
            Alert(
                "rising_risk",
                "Rising risk",
                f"The latest concern's risk ({latest.get_risk_level_display().lower()}) is higher "
                f"than the one before ({rows[-2].get_risk_level_display().lower()}).",
            )
        )
    return alerts


# ---------------------------------------------------------------- pseudonymised rows


def pseudonym(young_person_id: int) -> str:
    """A stable pseudonym: HMAC of the record id under the service key (not reversible)."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"yp:{young_person_id}".encode(), hashlib.sha256
    ).hexdigest()
    return "P" + digest[:10].upper()


def pseudonymised_events(*, user: Any) -> list[dict[str, Any]]:
    """One row per search and incident for oversight: pseudonym, school, month, the child's
    characteristics at the time, and the police action. No names, dates of birth or free text.
    """
    if not permissions.can_see_pseudonymised(user):
        return []
    schools = _schools(user)
    rows = [
        _event_row(s, "search", s.searched_at)
        | {
            "strip_search": s.is_strip_search,
            "power": s.power,
            "reason": s.reason,
            "outcome": s.outcome,
            "parent_notice_flag": s.parent_notice_flag,
        }
        for s in Search.objects.filter(school__in=schools).select_related("school")
    ]
    rows += [
        _event_row(i, "incident", i.occurred_at)
        | {
            "outcome": i.outcome,
            "category": i.category,
            "on_school_premises": i.on_school_premises,
        }
        for i in Incident.objects.filter(school__in=schools).select_related("school")
    ]
    return rows


def _event_row(event: Search | Incident, kind: str, at: dt.datetime) -> dict[str, Any]:
    """What every pseudonymised row gives: the pseudonym, the school, the month and the child's
    characteristics as they were at the time (`ChildSnapshot`)."""
    return {
        "event": kind,
        "pseudonym": pseudonym(event.young_person_id) if event.young_person_id else "",
        "school_urn": event.school.urn if event.school else None,
        "month": at.strftime("%Y-%m"),
        "sex": event.child_sex,
        "ethnicity": event.child_ethnicity,
        "ethnic_group": ethnic_group(event.child_ethnicity),
        "fsm": event.child_fsm,
        "sen": event.child_sen,
        "looked_after": event.child_looked_after,
        "age": event.child_age,
    }
