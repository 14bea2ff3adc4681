"""Reading Operation Encompass records: the calendar, the queue and the monthly figures."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from saferschools.estate.choices import SchoolGroup
from saferschools.oversight.stats.disclosure import suppress_2d
from saferschools.rostering.engine.school_calendar import SchoolCalendar
from saferschools.rostering.instance import db_calendar

from .models import Child, Notification, name_key
from .permissions import notifications_visible_to


def school_calendar(first: dt.date, last: dt.date) -> SchoolCalendar:
    """The force's school calendar (terms, bank holidays, closures; standard year otherwise)."""
    return db_calendar(first, last)


@dataclass(frozen=True)
class QueueItem:
    notification: Notification
    time_left: dt.timedelta

    @property
    def overdue(self) -> bool:
        return self.time_left.total_seconds() < 0

    @property
    def time_left_words(self) -> str:
        seconds = abs(int(self.time_left.total_seconds()))
        hours, rem = divmod(seconds, 3600)
        minutes = rem // 60
        text = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
        return f"{text} overdue" if self.overdue else f"{text} left"


def queue_for(user: Any, *, now: dt.datetime | None = None) -> list[QueueItem]:
    """Notifications not yet acknowledged, oldest deadline first, with the time left."""
    now = now or timezone.now()
    rows = (
        notifications_visible_to(user)
        .filter(acknowledged_at__isnull=True)
        .select_related("establishment", "incident")
        .order_by("due_at", "pk")
    )
    return [QueueItem(n, n.due_at - now) for n in rows]


def waiting_counts(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Force-wide counts of notifications not yet acknowledged, and of those past due."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(acknowledged_at__isnull=True)
    return {"waiting": waiting.count(), "overdue": waiting.filter(due_at__lt=now).count()}


def recent_acknowledged(user: Any, *, limit: int = 20) -> QuerySet[Notification]:
    return (
        notifications_visible_to(user)
        .filter(acknowledged_at__isnull=False)
        .select_related("establishment", "incident")
        .order_by("-acknowledged_at")[:limit]
    )


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    first = dt.datetime(year, month, 1, tzinfo=tz)
    nxt = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return first, nxt


@dataclass(frozen=True)
class FigureRow:
    label: str
    notified: int | None
    on_time: int | None
    late_or_not_sent: int | None
    share_on_time: float | None
    median_hours_to_acknowledge: float | None


@dataclass(frozen=True)
class MonthFigures:
    year: int
    month: int
    total: int
    on_time: int
    share_on_time: float | None
    median_hours_to_acknowledge: float | None
    acknowledged: int
    by_district: list[FigureRow]
    by_school_type: list[FigureRow]
    threshold: int


def _median_hours(hours: list[float]) -> float | None:
    return round(statistics.median(hours), 1) if hours else None


NOT_IN_A_DISTRICT = "Educated at home or outside the force's districts"
GROUPINGS = ("district", "school_type")


@dataclass(frozen=True)
class GroupCounts:
    """Raw counts of one group's notifications in a month (before any disclosure control)."""

    key: Any
    label: str
    notified: int
    on_time: int
    #: hours from telling the school to its acknowledgement, for those acknowledged
    acknowledge_hours: list[float]

    @property
    def late_or_not_sent(self) -> int:
        return self.notified - self.on_time


def _month_rows(year: int, month: int) -> list[dict[str, Any]]:
    """Every notification for an incident in the month, with what the figures group by (one
    query)."""
    first, nxt = month_bounds(year, month)
    return list(
        Notification.objects.filter(
            incident__occurred_at__gte=first, incident__occurred_at__lt=nxt
        ).values(
            "notified_at",
            "due_at",
            "acknowledged_at",
            "establishment__district_id",
            "establishment__district__name",
            "establishment__school_group",
        )
    )


def _group_of(row: dict[str, Any], by: str) -> tuple[Any, str]:
    if by == "district":
        key = row["establishment__district_id"]
        return key, row["establishment__district__name"] or NOT_IN_A_DISTRICT
    key = row["establishment__school_group"]
    return key, SchoolGroup(key).label if key in SchoolGroup.values else (key or "Educated at home")


def _hours(rows: list[dict[str, Any]]) -> list[float]:
    return [
        (r["acknowledged_at"] - r["notified_at"]).total_seconds() / 3600
        for r in rows
        if r["notified_at"] and r["acknowledged_at"]
    ]


def _on_time(row: dict[str, Any]) -> bool:
    return row["notified_at"] is not None and row["notified_at"] <= row["due_at"]


def _grouped(rows: list[dict[str, Any]], by: str) -> list[GroupCounts]:
    groups: dict[Any, tuple[str, list[dict[str, Any]]]] = {}
    for r in rows:
        key, label = _group_of(r, by)
        groups.setdefault(key, (label, []))[1].append(r)
    # In key order (district ids, school groups); no district or no group last.
    order = sorted(groups, key=lambda k: (not k, k or ""))
    return [
        GroupCounts(
            key,
            groups[key][0],
            len(groups[key][1]),
            sum(_on_time(r) for r in groups[key][1]),
            _hours(groups[key][1]),
        )
        for key in order
    ]


def month_counts(year: int, month: int, *, by: str = "district") -> list[GroupCounts]:
    """The one count of a month's notifications: per district (or per type of school), how
    many, how many told before the start of the next school day, and the hours to
    acknowledgement. Raw: the Encompass page and the monthly report each publish them under
    disclosure control."""
    if by not in GROUPINGS:
        raise ValueError(f"Group by one of {', '.join(GROUPINGS)}, not {by!r}.")
    return _grouped(_month_rows(year, month), by)


def _table(groups: list[GroupCounts], threshold: int) -> list[FigureRow]:
    if not groups:
        return []
    published = suppress_2d([[g.on_time, g.late_or_not_sent] for g in groups], threshold=threshold)
    rows = []
    for i, g in enumerate(groups):
        on_time, late = published.cells[i]
        share = (
            round(100 * g.on_time / g.notified, 1)
            if g.notified >= threshold and on_time is not None
            else None
        )
        enough = len(g.acknowledge_hours) >= threshold
        median = _median_hours(g.acknowledge_hours) if enough else None
        rows.append(FigureRow(g.label, published.row_totals[i], on_time, late, share, median))
    return rows


def monthly_figures(year: int, month: int, *, threshold: int = 5) -> MonthFigures:
    """Notifications for incidents in the month; the statutory share made before the next school
    day; time from notification to acknowledgement; by district and by school type, each
    table under the report's disclosure control (small counts suppressed)."""
    rows = _month_rows(year, month)
    total = len(rows)
    on_time = sum(_on_time(r) for r in rows)
    return MonthFigures(
        year=year,
        month=month,
        total=total,
        on_time=on_time,
        share_on_time=round(100 * on_time / total, 1) if total else None,
        median_hours_to_acknowledge=_median_hours(_hours(rows)),
        acknowledged=sum(r["acknowledged_at"] is not None for r in rows),
        by_district=_table(_grouped(rows, "district"), threshold),
        by_school_type=_table(_grouped(rows, "school_type"), threshold),
        threshold=threshold,
    )


def subject_access_sections(
    first_name: str, last_name: str, date_of_birth: dt.date
) -> list[dict[str, Any]]:
    """Every Encompass notification naming this child (found by the keyed name hash), for a
    subject access export: the incident, the child's own entry, never another child's."""
    key = name_key(first_name, last_name, date_of_birth)
    rows = (
        Child.objects.filter(name_key=key)
        .select_related("notification__incident", "notification__establishment")
        .order_by("notification__incident__occurred_at", "pk")
    )
    records = []
    for c in rows:
        n = c.notification
        others = n.children.exclude(pk=c.pk).count()
        voice = (
            f"“{c.childs_words}”"
            if c.spoken_to
            else f"Not spoken to: {c.get_not_spoken_reason_display()}"
        )
        table = [
            ("Police reference", n.incident.police_reference),
            ("Incident", timezone.localtime(n.incident.occurred_at).strftime("%-d %B %Y, %H:%M")),
            ("Where", n.incident.location),
            ("Circumstances", n.incident.circumstances),
            ("Told", n.recipient_name),
            ("Present", c.get_presence_display() + (f": {c.where}" if c.where else "")),
            ("The child's voice", voice),
        ]
        if others:
            table.append(("Other children in this notification", f"{others} (details withheld)"))
        if n.support_given:
            table.append(("Support the school gave", n.support_given))
        records.append({"ref": f"encompass-{n.pk}-{c.pk}", "rows": table, "deleted": n.deleted_at})
    return [{"title": "Operation Encompass notifications", "records": records}]
