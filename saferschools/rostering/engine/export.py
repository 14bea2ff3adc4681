"""Exports of an output document: one officer's iCalendar feed, and CSV rows for everyone."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

__all__ = ["CSV_FIELDS", "csv_rows", "csv_text", "officer_ical"]

CSV_FIELDS = (
    "officer",
    "name",
    "rank",
    "district",
    "division",
    "date",
    "shift",
    "start",
    "end",
    "absence",
)


def officer_ical(doc: dict[str, Any], officer_id: str) -> str:
    """iCalendar (RFC 5545) text with one event per shift (and absence) of ``officer_id``.

    A shift carrying ``visits`` (named schools open that day, on a school-hours shift) says so
    in its summary, location and description: the officer's school visits."""
    officers = {o["id"]: o for o in doc["officers"]}
    names = {s["code"]: s["name"] for s in doc["shift_types"]}
    if officer_id not in officers:
        raise KeyError(officer_id)
    zone = ZoneInfo(doc.get("timezone", "Europe/London"))
    cal = Calendar()
    cal.add("prodid", "-//SaferSchools//Rostering engine//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Roster {officers[officer_id]['name']}")
    for s in doc["shifts"]:
        if s["officer"] != officer_id:
            continue
        ev = Event()
        ev.add("uid", f"{officer_id}-{s['date']}-{s['shift']}@saferschools")
        summary = (
            f"{names.get(s['shift'], s['shift']).title()} shift ({s['district'] or s['division']})"
        )
        visits = s.get("visits") or []
        if visits:
            summary += f", in school: {', '.join(visits)}"
            ev.add("location", "; ".join(visits))
            ev.add("description", "School visits: " + "; ".join(visits))
        ev.add("summary", summary)
        ev.add("dtstart", datetime.fromisoformat(s["start"]).astimezone(zone))
        ev.add("dtend", datetime.fromisoformat(s["end"]).astimezone(zone))
        ev.add("dtstamp", datetime.fromisoformat(s["start"]))
        cal.add_component(ev)
    for a in doc["absences"]:
        if a["officer"] != officer_id:
            continue
        ev = Event()
        day = datetime.fromisoformat(a["date"]).date()
        ev.add("uid", f"{officer_id}-{a['date']}-absence@saferschools")
        ev.add("summary", f"Absence: {a['reason'].replace('_', ' ')}")
        ev.add("dtstart", day)
        ev.add("dtstamp", datetime.fromisoformat(a["date"]))
        cal.add_component(ev)
    cal.add_missing_timezones()
    text: str = cal.to_ical().decode()
    return text


def csv_rows(doc: dict[str, Any]) -> list[dict[str, str]]:
    """One row per shift and per absence, sorted by date then officer."""
    officers = {o["id"]: o for o in doc["officers"]}

    def row(officer_id: str, where: dict[str, Any], **when: str) -> dict[str, str]:
        o = officers[officer_id]
        empty = dict.fromkeys(("shift", "start", "end", "absence"), "")
        return {
            "officer": officer_id,
            "name": o["name"],
            "rank": o["rank"],
            "district": where["district"] or "",
            "division": where["division"],
            **empty,
            **when,
        }

    rows = [
        row(s["officer"], s, date=s["date"], shift=s["shift"], start=s["start"], end=s["end"])
        for s in doc["shifts"]
    ]
    # An absence is placed where the officer belongs.
    rows += [
        row(a["officer"], officers[a["officer"]], date=a["date"], absence=a["reason"])
        for a in doc["absences"]
    ]
    rows.sort(key=lambda r: (r["date"], r["officer"]))
    return rows


def csv_text(doc: dict[str, Any]) -> str:
    """:func:`csv_rows` as CSV text with a header."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    writer.writerows(csv_rows(doc))
    return buf.getvalue()
