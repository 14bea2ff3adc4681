"""Home panels about the programme's figures: programme health, the sergeant review queue and
the monthly report's status (see `core.home`).

Business rules:
- programme health counts the force's secondary-phase schools (schools the register places
  outside the force's districts are a note, not counted) and this month's indicators;
- a sergeant sees the real number of items in their own queue, however small (small-count
  suppression is for published figures only); the inspector and co-ordinator see the force's;
- the report shown is last month's (a month is reported once it has ended), with how many of
  its figures disclosure control hides.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from saferschools.accounts.choices import Role
from saferschools.accounts.scope import schools_visible_to
from saferschools.core.home import Stat, register_panel

from . import figures as F
from .periods import Month


def programme_counts(today: Any) -> dict[str, Any]:
    schools = F.programme_schools()
    named = sum(1 for s in schools if F._named(s) is not None)
    month = Month.of(today)
    rows = F.indicators([month])[month]
    answered = [h for r in rows for h in r.response_hours]
    return {
        "programme_schools": len(schools),
        "named": named,
        "month": month,
        "days_no_named": sum(r.days_no_named for r in rows),
        "days_covered": sum(r.days_covered for r in rows),
        "days_unrecorded": sum(r.days_unrecorded for r in rows),
        "requests": sum(r.requests for r in rows),
        "answered": len(answered),
        "on_target": sum(r.requests_on_target for r in rows),
        "median_hours": F.median(answered) if answered else None,
        "outside": F.outside_force_schools(),
    }


@register_panel("oversight.programme", roles=[Role.INSPECTOR, Role.COORDINATOR], order=10)
def programme(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    c = programme_counts(h["today"])
    label = c["month"].label
    covered = f"{c['days_covered']:,} school-days under cover"
    if c["days_unrecorded"]:
        covered += f"; {c['days_unrecorded']:,} before the record began"
    median = (
        f"Median {c['median_hours']:.1f} hours to a first reply"
        if c["median_hours"] is not None
        else "No replies yet this month"
    )
    return {
        **c,
        "stats": [
            Stat(
                "named-count",
                "Schools with a named officer",
                f"{c['named']} of {c['programme_schools']}",
                rank=1,
            ),
            Stat(
                "days-without",
                f"School-days without one, {label}",
                f"{c['days_no_named']:,}",
                rank=2,
                note=covered,
            ),
            Stat(
                "on-target",
                f"Replies within target, {label}",
                f"{c['on_target']} of {c['requests']}",
                rank=3,
                note=median,
            ),
        ],
    }


def _queue_stat(waiting: int, overdue: int, rank: int) -> Stat:
    return Stat(
        "reviews-waiting",
        "Reviews waiting",
        waiting,
        rank=rank,
        note=f"{overdue} overdue",
        link=reverse("oversight:reviews"),
        link_text="Review queue",
    )


@register_panel("oversight.team_reviews", roles=[Role.SERGEANT], order=10)
def team_reviews(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    schools = list(schools_visible_to(user).values_list("pk", flat=True))
    counts = F.review_counts(schools=schools)
    return {
        "reviews_waiting": counts.waiting,
        "reviews_overdue": counts.overdue,
        "review_items": F.review_items(schools=schools, limit=5),
        "stats": [_queue_stat(counts.waiting, counts.overdue, rank=10)],
    }


@register_panel(
    "oversight.force_reviews", roles=[Role.INSPECTOR, Role.COORDINATOR], order=15, template=None
)
def force_reviews(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    counts = F.review_counts(schools=None)
    stats = (
        [_queue_stat(counts.waiting, counts.overdue, rank=30)]
        if user.role == Role.INSPECTOR
        else []
    )
    return {"waiting": counts.waiting, "overdue": counts.overdue, "stats": stats}


@register_panel("oversight.report", roles=[Role.COORDINATOR], order=20)
def report_status(user: Any, h: dict[str, Any]) -> dict[str, Any]:
    from .report import build_report

    last = Month.current().shift(-1)
    report = build_report(last, public=False, sections=["performance"])
    section = report.sections[0]
    table = next((t for t in section.tables if t.key == "perf-division"), None)
    total = next((r for r in table.rows if r.is_total), None) if table else None
    headline = (
        [(col, c.text) for col, c in zip(table.columns, total.cells, strict=True)]
        if table and total
        else []
    )
    hidden = sum(c.suppressed for t in section.tables for r in t.rows for c in r.cells)
    return {
        "last": last,
        "headline": headline,
        "hidden": hidden,
        "report_notes": section.intro[1:],
    }
