"""How long Operation Encompass records are kept.

Business rule (MoPI, as for other safeguarding records about a child): reviewed 6 years after
the incident, or when the youngest child named turns 25, whichever is later. At review the
record is deleted (`saferschools review-due --apply` calls :func:`review_due`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Action

from .models import Incident

YEARS_AFTER_INCIDENT = 6
UNTIL_AGE = 25


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def review_date_for(incident_day: dt.date, dates_of_birth: Iterable[dt.date]) -> dt.date:
    candidates = [_add_years(incident_day, YEARS_AFTER_INCIDENT)]
    candidates += [_add_years(born, UNTIL_AGE) for born in dates_of_birth]
    return max(candidates)


def review_due(*, apply: bool = False, today: dt.date | None = None) -> list[int]:
    """Incidents whose review date has come; with ``apply`` they are deleted (with their
    notifications and children) and each deletion is an audit entry."""
    today = today or timezone.localdate()
    due = list(Incident.all_objects.filter(review_date__lte=today).values_list("pk", flat=True))
    if apply:
        for pk in due:
            with transaction.atomic():
                Incident.all_objects.filter(pk=pk).delete()
                audit_record(
                    user=None,
                    action=Action.DELETE,
                    record_type="encompass.Incident",
                    record_id=pk,
                    purpose="Retention review: Operation Encompass record deleted",
                )
    return due
