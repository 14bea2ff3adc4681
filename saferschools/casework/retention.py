"""Retention under MoPI: when each record is next reviewed, and the review run itself.

Defaults (rows of `RetentionRule`, created on first use; the force can change them):

| record | kept until the later of | at review |
| --- | --- | --- |
| young person, concern, intervention, referral | 6 years after last activity; the child's 25th birthday | delete |
| search, incident | 6 years after last activity; the child's 25th birthday | anonymise (figures kept for oversight) |
| school contact | 3 years after last activity | delete |
| school request (incl. the public's) | 2 years after last activity | delete |
| PSHE session, youth activity (no personal data) | 6 years after last activity | delete |

Why these: MoPI reviews police information after a minimum of 6 years; records about a child's
safeguarding are commonly kept until the child is 25 so that a young adult can still see what
was done for them. A young person's own record is reviewed with the last of their records and
is only deleted once none remain. "Last activity" is the record's last change, or for a young
person the last change to any of their records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from saferschools.accounts.audit import audit_record

from .choices import RetentionAction
from .models import RetentionRule, YoungPerson

DEFAULT_RULES: dict[str, tuple[int, int | None, str, str]] = {
    "casework.Referral": (6, 25, RetentionAction.DELETE, "MoPI; child's 25th birthday"),
    "casework.Intervention": (6, 25, RetentionAction.DELETE, "MoPI; child's 25th birthday"),
    "casework.Concern": (6, 25, RetentionAction.DELETE, "MoPI; child's 25th birthday"),
    "casework.Search": (6, 25, RetentionAction.ANONYMISE, "MoPI; figures kept for oversight"),
    "casework.Incident": (6, 25, RetentionAction.ANONYMISE, "MoPI; figures kept for oversight"),
    "engagement.SchoolContact": (3, None, RetentionAction.DELETE, "Working notes"),
    "engagement.SchoolRequest": (2, None, RetentionAction.DELETE, "Requests and replies"),
    "engagement.Session": (6, None, RetentionAction.DELETE, "No personal data"),
    "engagement.YouthActivity": (6, None, RetentionAction.DELETE, "No personal data"),
    "casework.YoungPerson": (6, 25, RetentionAction.DELETE, "After the last of their records"),
}
#: Review order: a young person last, once their records are gone.
ORDER = list(DEFAULT_RULES)
CHILD_RECORDS = [
    "casework.Concern",
    "casework.Incident",
    "casework.Search",
    "casework.Intervention",
    "casework.Referral",
]
FREE_TEXT_ANONYMISE = {
    "casework.Search": [
        "grounds",
        "others_present",
        "appropriate_adult_name",
        "appropriate_adult_role",
        "authorising_officer_name",
        "items_found",
        "parent_not_told_reason",
        "childs_words",
        "searched_by_name",
    ],
    "casework.Incident": ["description", "childs_words"],
}
#: Fields whose presence a constraint checks: replaced by a marker, not emptied.
KEEP_MARKER = {"appropriate_adult_name", "authorising_officer_name", "searched_by_name"}


def ensure_default_rules() -> dict[str, RetentionRule]:
    for record_type, (years, age, action, note) in DEFAULT_RULES.items():
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            defaults={
                "years_after_last_activity": years,
                "keep_until_age": age,
                "action": action,
                "note": note,
            },
        )
    return {r.record_type: r for r in RetentionRule.objects.all()}


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_date_for(
    rule: RetentionRule, *, last_activity: dt.datetime, dob: dt.date | None
) -> dt.date:
    """The later of (last activity + years) and the child's `keep_until_age` birthday."""
    day = add_years(timezone.localdate(last_activity), rule.years_after_last_activity)
    if dob is not None and rule.keep_until_age:
        day = max(day, add_years(dob, rule.keep_until_age))
    return day


def label(obj_or_model: Any) -> str:
    return obj_or_model._meta.label


def refresh_review_date(obj: Any) -> None:
    """Set the review date of one record (and of its young person) after a write."""
    rules = ensure_default_rules()
    yp = obj if isinstance(obj, YoungPerson) else getattr(obj, "young_person", None)
    rule = rules.get(label(obj))
    if rule is not None and not isinstance(obj, YoungPerson):
        obj.review_date = review_date_for(
            rule, last_activity=obj.updated_at, dob=yp.date_of_birth if yp else None
        )
        type(obj).all_objects.filter(pk=obj.pk).update(review_date=obj.review_date)
    if yp is not None:
        refresh_young_person(yp, rules)


def on_record_written(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """`core.records.record_written` receiver (connected in `apps.CaseworkConfig.ready`)."""
    refresh_review_date(instance)


def refresh_young_person(yp: YoungPerson, rules: dict[str, RetentionRule] | None = None) -> None:
    """A young person is reviewed no earlier than the last of their records."""
    rules = rules or ensure_default_rules()
    latest = yp.updated_at
    candidates = []
    for lbl in CHILD_RECORDS:
        model = apps.get_model(lbl)
        agg = model.all_objects.filter(young_person=yp).aggregate(
            last=Max("updated_at"), review=Max("review_date")
        )
        if agg["last"] and agg["last"] > latest:
            latest = agg["last"]
        if agg["review"]:
            candidates.append(agg["review"])
    own = review_date_for(rules["casework.YoungPerson"], last_activity=latest, dob=yp.date_of_birth)
    yp.review_date = max([own, *candidates])
    YoungPerson.all_objects.filter(pk=yp.pk).update(review_date=yp.review_date)


@dataclass
class DueRecord:
    record_type: str
    record_id: int
    review_date: dt.date
    action: str
    deleted: bool


def _due_queryset(lbl: str, rule: RetentionRule, on: dt.date) -> models.QuerySet:
    model = apps.get_model(lbl)
    qs = model.all_objects.filter(review_date__isnull=False, review_date__lte=on)
    if rule.action == RetentionAction.ANONYMISE:
        qs = qs.filter(anonymised_at__isnull=True)
    return qs.order_by("review_date", "pk")


def records_due(*, on: dt.date | None = None) -> list[DueRecord]:
    """Every record whose review date has come, oldest first."""
    on = on or timezone.localdate()
    rules = ensure_default_rules()
    out: list[DueRecord] = []
    for lbl in ORDER:
        rule = rules[lbl]
        for obj in _due_queryset(lbl, rule, on):
            out.append(
                DueRecord(lbl, obj.pk, obj.review_date, rule.action, obj.deleted_at is not None)
            )
    return out


@dataclass
class RetentionResult:
    deleted: list[tuple[str, int]]
    anonymised: list[tuple[str, int]]
    kept: list[tuple[str, int, str]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _has_records(yp: YoungPerson) -> bool:
    return any(
        apps.get_model(lbl).all_objects.filter(young_person=yp).exists() for lbl in CHILD_RECORDS
    )


def retention_apply(*, on: dt.date | None = None, acting_user: Any = None) -> RetentionResult:
    """Delete or anonymise every record past its review date; each one audited.

    A young person's record is deleted only when none of their records remain.
    """
    on = on or timezone.localdate()
    rules = ensure_default_rules()
    result = RetentionResult([], [], [])
    for lbl in ORDER:
        rule = rules[lbl]
        for obj in _due_queryset(lbl, rule, on):
            with transaction.atomic():
                if lbl == "casework.YoungPerson" and _has_records(obj):
                    result.kept.append((lbl, obj.pk, "has records not yet due"))
                    continue
                if rule.action == RetentionAction.ANONYMISE:
                    for field in FREE_TEXT_ANONYMISE.get(lbl, []):
                        keep_marker = field in KEEP_MARKER and getattr(obj, field)
                        setattr(obj, field, "removed at retention review" if keep_marker else "")
                    obj.young_person = None
                    obj.anonymised_at = timezone.now()
                    obj.save()
                    result.anonymised.append((lbl, obj.pk))
                    action = "change"
                else:
                    pk = obj.pk
                    obj.delete()
                    obj.pk = pk
                    result.deleted.append((lbl, pk))
                    action = "delete"
                audit_record(
                    user=acting_user,
                    action=action,
                    record_type=lbl,
                    record_id=obj.pk,
                    purpose="Retention review (MoPI): record past its review date",
                    details={"retention": rule.action, "review_date": str(obj.review_date)},
                )
    return result
