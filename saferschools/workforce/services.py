"""Writes of the workforce app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .models import NamedOfficerPeriod, SchoolAssignment


def named_periods_sync(*, on: dt.date, plan: Any = None) -> int:
    """Bring the named-officer history in line with today's `SchoolAssignment` rows.

    Business rule: a school whose named officer changed on `on` closes its open period the day
    before and opens a new one from `on`; a school that lost its named officer closes its
    period; a period opened and changed on the same day is simply corrected. Call it in the
    transaction that changed the assignments. Returns the number of periods opened.
    """
    current = {a.establishment_id: a for a in SchoolAssignment.objects.all()}
    open_periods = {p.establishment_id: p for p in NamedOfficerPeriod.objects.filter(end=None)}
    opened = 0
    for school_id, period in open_periods.items():
        a = current.get(school_id)
        if a is not None and a.officer_id == period.officer_id:
            continue
        if period.start >= on:
            period.delete()  # corrected on the day it began
        else:
            period.end = on - dt.timedelta(days=1)
            period.save(update_fields=["end"])
    still_open = set(
        NamedOfficerPeriod.objects.filter(end=None).values_list("establishment_id", flat=True)
    )
    new = [
        NamedOfficerPeriod(
            establishment_id=school_id, officer_id=a.officer_id, start=on, plan=plan or a.plan
        )
        for school_id, a in current.items()
        if school_id not in still_open
    ]
    NamedOfficerPeriod.objects.bulk_create(new)
    opened += len(new)
    return opened
