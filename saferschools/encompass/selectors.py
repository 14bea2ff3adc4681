"""Reading Operation Encompass records: the calendar, the queue and the monthly figures."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
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


def _median_hours(rows: list[tuple[dt.datetime | None, dt.datetime | None]]) -> float | None:
    hours = [(ack - sent).total_seconds() / 3600 for sent, ack in rows if sent and ack]
    return round(statistics.median(hours), 1) if hours else None


def _table(
    qs: QuerySet[Notification], key: str, label_of: dict[Any, str], threshold: int
) -> list[FigureRow]:
    grouped = list(
        qs.values(key)
        .annotate(
            notified=Count("pk"),
            on_time=Count("pk", filter=Q(notified_at__isnull=False, notified_at__lte=F("due_at"))),
        )
        .order_by(key)
    )
    if not grouped:
        return []
    cells = [[g["on_time"], g["notified"] - g["on_time"]] for g in grouped]
    published = suppress_2d(cells, threshold=threshold)
    rows = []
    for i, g in enumerate(grouped):
        on_time, late = published.cells[i]
        total = published.row_totals[i]
        share = (
            round(100 * g["on_time"] / g["notified"], 1)
            if g["notified"] >= threshold and on_time is not None
            else None
        )
        times = list(qs.filter(**{key: g[key]}).values_list("notified_at", "acknowledged_at"))
        median = _median_hours(times) if len([t for t in times if t[1]]) >= threshold else None
        rows.append(
            FigureRow(
                label_of.get(g[key], str(g[key] or "Not known")),
                total,
                on_time,
                late,
                share,
                median,
            )
        )
    return rows


def monthly_figures(year: int, month: int, *, threshold: int = 5) -> MonthFigures:
    """Notifications for incidents in the month; the statutory share made before the next school
    day; time from notification to acknowledgement; by district and by school type, each
    table under the report's disclosure control (small counts suppressed)."""
    first, nxt = month_bounds(year, month)
    qs = Notification.objects.filter(
        incident__occurred_at__gte=first, incident__occurred_at__lt=nxt
    )
    total = qs.count()
    on_time = qs.filter(notified_at__isnull=False, notified_at__lte=F("due_at")).count()
    acknowledged = qs.filter(acknowledged_at__isnull=False).count()
    districts = dict(
        qs.filter(establishment__district__isnull=False)
        .values_list("establishment__district_id", "establishment__district__name")
        .distinct()
    )
    districts[None] = "Educated at home or outside the force's districts"
    types = dict(
        qs.values_list("establishment__school_group", "establishment__school_group").distinct()
    )
    types = {
        k: SchoolGroup(k).label if k in SchoolGroup.values else (k or "Educated at home")
        for k in types
    }
    return MonthFigures(
        year=year,
        month=month,
        total=total,
        on_time=on_time,
        share_on_time=round(100 * on_time / total, 1) if total else None,
        median_hours_to_acknowledge=_median_hours(
            list(qs.values_list("notified_at", "acknowledged_at"))
        ),
        acknowledged=acknowledged,
        by_district=_table(qs, "establishment__district", districts, threshold),
        by_school_type=_table(qs, "establishment__school_group", types, threshold),
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


def month_counts_by_district(year: int, month: int) -> list[tuple[str, list[int]]]:
    """Raw counts for the monthly report (which applies its own disclosure control): per
    district, notifications told before the next school day, and late or not yet told."""
    first, nxt = month_bounds(year, month)
    rows = (
        Notification.objects.filter(incident__occurred_at__gte=first, incident__occurred_at__lt=nxt)
        .values("establishment__district__name")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(notified_at__isnull=False, notified_at__lte=F("due_at"))),
        )
        .order_by("establishment__district__name")
    )
    return [
        (
            r["establishment__district__name"] or "Educated at home or outside the districts",
            [r["on_time"], r["total"] - r["on_time"]],
        )
        for r in rows
    ]
