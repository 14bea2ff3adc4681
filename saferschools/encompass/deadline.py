"""When an Operation Encompass notification is due: before the start of the next school day.

Business rule (Victims and Prisoners Act 2024; Home Office statutory guidance, November 2025):
the police tell a child's school about a domestic abuse incident the child may have been a
victim of **before the start of the next school day at that school**. Weekends, bank holidays,
holidays and the school's own closed days (INSET days) are not school days, so a Saturday
incident is due on Monday morning, one in the holidays on the first morning of term, and one
on the night before an INSET day on the morning after it. An incident in the small hours of a
school day is due that same morning; one during or after the school day is due the next
morning the school is open.

Plain Python (no Django): the school calendar comes in as the rostering engine's
:class:`SchoolCalendar`, built from the database by the caller.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Protocol

__all__ = ["DEFAULT_SCHOOL_DAY_START", "NoSchoolDayError", "SchoolDays", "next_school_day_start"]

#: When a school day starts unless the school has said otherwise (the key adult is in school).
DEFAULT_SCHOOL_DAY_START = time(8, 30)
#: How far ahead to look for the next school day (a year and a summer).
HORIZON_DAYS = 450


class SchoolDays(Protocol):
    """What the deadline needs of a calendar: is this school open on this day?"""

    def school_open(self, school_id: str, day: date) -> bool: ...


class NoSchoolDayError(ValueError):
    """The calendar has no school day within the horizon (term dates missing)."""


def next_school_day_start(
    incident_at: datetime,
    *,
    calendar: SchoolDays,
    school_id: str,
    day_start: time = DEFAULT_SCHOOL_DAY_START,
) -> datetime:
    """The start of the first school day at ``school_id`` that begins after ``incident_at``.

    ``incident_at`` must be in the school's local time (``timezone.localtime`` in Django); the
    result has the same ``tzinfo``, so in Europe/London it is 08:30 local time in any season.
    """
    tz = incident_at.tzinfo
    day = incident_at.date()
    for _ in range(HORIZON_DAYS):
        if calendar.school_open(school_id, day):
            start = datetime.combine(day, day_start, tzinfo=tz)
            if start > incident_at:
                return start
        day += timedelta(days=1)
    raise NoSchoolDayError(
        f"No school day for {school_id} within {HORIZON_DAYS} days of {incident_at:%d %B %Y}: "
        "record the school year's term dates."
    )
