"""Hand edits of a published roster document (a day off, a swap) and what they would break.

An officer's request changes a few officer-days of the document. :func:`apply_edits` returns the
edited copy; :func:`assess_edits` runs the independent checker on the roster before and after
and reports only what the edit makes worse: the hard rules it would break (a district without a
constable, a school day without anyone in school hours, rest, consecutive days...) and the
schools that would lose their named officer on those days. Plain Python, reads only documents.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .checker import check_document

__all__ = ["Edit", "apply_edits", "assess_edits", "swap_edits"]


@dataclass(frozen=True)
class Edit:
    """Officer ``officer`` works ``shift`` on ``day`` (None: a rest day; ``division`` for a
    sergeant's supervision, else the officer's own). ``absence`` records a non-working absence
    reason for the day (a granted rest-day request)."""

    officer: str
    day: date
    shift: str | None
    division: str | None = None
    absence: str | None = None


def _interval(doc: dict[str, Any], code: str, day: date) -> tuple[datetime, datetime]:
    st = next(s for s in doc["shift_types"] if s["code"] == code)
    zone = ZoneInfo(doc.get("timezone", "Europe/London"))
    start_t, end_t = time.fromisoformat(st["start"]), time.fromisoformat(st["end"])
    start = datetime.combine(day, start_t, tzinfo=zone)
    end_day = day if end_t > start_t else day + timedelta(days=1)
    return start, datetime.combine(end_day, end_t, tzinfo=zone)


def shift_on(doc: dict[str, Any], officer: str, day: date) -> dict[str, Any] | None:
    iso = day.isoformat()
    return next((s for s in doc["shifts"] if s["officer"] == officer and s["date"] == iso), None)


def swap_edits(doc: dict[str, Any], a: str, day_a: date, b: str, day_b: date) -> list[Edit]:
    """Officers ``a`` and ``b`` exchange what they do on ``day_a`` and on ``day_b`` (the same day:
    they exchange shifts; different days: each works the other's shift and rests on their own)."""
    out = []
    for day in sorted({day_a, day_b}):
        sa, sb = shift_on(doc, a, day), shift_on(doc, b, day)
        out.append(Edit(a, day, sb["shift"] if sb else None, sb["division"] if sb else None))
        out.append(Edit(b, day, sa["shift"] if sa else None, sa["division"] if sa else None))
    return out


def apply_edits(doc: dict[str, Any], edits: list[Edit]) -> dict[str, Any]:
    """A copy of ``doc`` with the edits made (shift times from the document's shift types)."""
    out = copy.deepcopy(doc)
    officers = {o["id"]: o for o in out["officers"]}
    keys = {(e.officer, e.day.isoformat()) for e in edits}
    out["shifts"] = [s for s in out["shifts"] if (s["officer"], s["date"]) not in keys]
    for e in edits:
        iso = e.day.isoformat()
        if e.absence:
            out["absences"] = [
                a for a in out["absences"] if (a["officer"], a["date"]) != (e.officer, iso)
            ]
            out["absences"].append(
                {
                    "officer": e.officer,
                    "date": iso,
                    "reason": e.absence,
                    "counts_as_work": False,
                    "note": "",
                }
            )
        if e.shift is None:
            continue
        o = officers[e.officer]
        start, end = _interval(out, e.shift, e.day)
        out["shifts"].append(
            {
                "officer": e.officer,
                "district": o["district"],
                "division": e.division or o["division"],
                "date": iso,
                "shift": e.shift,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "minutes": int((end - start).total_seconds() // 60),
            }
        )
    out["shifts"].sort(key=lambda s: (s["date"], s["officer"]))
    out["absences"].sort(key=lambda a: (a["date"], a["officer"]))
    return out


def _named_gaps(doc: dict[str, Any], days: set[str]) -> set[tuple[str, str]]:
    hours = {s["code"] for s in doc["shift_types"] if s["school_hours"]}
    info = {d["date"]: d for d in doc["calendar"]["days"]}
    closed = {(c["date"], c["school"]) for c in doc["calendar"]["closures"]}
    on = {(s["officer"], s["date"]): s["shift"] for s in doc["shifts"]}
    out = set()
    for school in doc["schools"]:
        for iso in days:
            day = info.get(iso)
            if day is None or day["type"] != "school_day":
                continue
            if (iso, school["id"]) in closed or (iso, None) in closed:
                continue
            if on.get((school["named_officer"], iso)) not in hours:
                out.add((school["id"], iso))
    return out


def assess_edits(doc: dict[str, Any], edits: list[Edit]) -> dict[str, Any]:
    """What the edits would do: ``breaks`` (hard-rule violations the edit adds, each with rule,
    date, subject, detail), ``schools_without_named_officer`` (school, date) newly without their
    named officer, ``uncovered`` (districts/divisions left without cover), and ``changes``."""
    after = apply_edits(doc, edits)

    def keyed(d: dict[str, Any]) -> dict[tuple[str, str, str], str]:
        return {
            (v.rule, v.date, v.subject): v.detail for vs in check_document(d).values() for v in vs
        }

    old, new = keyed(doc), keyed(after)
    breaks = [
        {"rule": r, "date": d, "subject": s, "detail": new[r, d, s]}
        for (r, d, s) in sorted(set(new) - set(old), key=lambda k: (k[1], k[0], k[2]))
    ]
    cover_rules = {
        "rule_district_daily_cover",
        "rule_school_hours_presence",
        "rule_holiday_youth_cover",
        "rule_sergeant_division_cover",
    }
    days = {e.day.isoformat() for e in edits}
    gaps = sorted(_named_gaps(after, days) - _named_gaps(doc, days), key=lambda g: (g[1], g[0]))
    changes: list[dict[str, Any]] = []
    for e in edits:
        before = shift_on(doc, e.officer, e.day)
        if (before["shift"] if before else None) != e.shift:
            changes.append(
                {
                    "officer": e.officer,
                    "date": e.day.isoformat(),
                    "before": before["shift"] if before else None,
                    "after": e.shift,
                    "kind": "shift_removed" if e.shift is None else "shift_changed",
                    "flags": [],
                    "compensation": None,
                }
            )
    return {
        "breaks": breaks,
        "uncovered": [b for b in breaks if b["rule"] in cover_rules],
        "schools_without_named_officer": [{"school": s, "date": d} for s, d in gaps],
        "changes": changes,
    }
