"""The roster grid (rows officers, columns days) built from a roster document."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ABSENCE_ABBREVIATIONS = {
    "annual_leave": "AL",
    "sickness": "S",
    "training": "TR",
    "court": "CT",
    "redeployed": "RD",
    "rest_day": "RR",
    "other": "AB",
}

DAY_TYPE_LABELS = {
    "school_day": "School day",
    "weekend": "Weekend",
    "school_holiday": "School holiday",
    "bank_holiday": "Bank holiday",
    "closure": "Schools closed",
}


@dataclass
class Cell:
    text: str
    css: str
    title: str


@dataclass
class Row:
    officer: str
    name: str
    rank: str
    district: str
    cells: list[Cell] = field(default_factory=list)
    shifts: int = 0


@dataclass
class Grid:
    days: list[dict[str, Any]]
    rows: list[Row]
    weeks: list[tuple[dt.date, int]]


def build_grid(doc: dict[str, Any], collars: set[str] | None = None) -> Grid:
    """Rows for the document's officers (only ``collars`` when given), one cell per day."""
    names = {s["code"]: s["name"] for s in doc.get("shift_types", [])}
    districts = {d["id"]: d["name"] for d in doc.get("districts", [])}
    days = [
        {
            **d,
            "day": dt.date.fromisoformat(d["date"]),
            "label": DAY_TYPE_LABELS.get(d["type"], d["type"]),
        }
        for d in doc["calendar"]["days"]
    ]
    shifts = {(s["officer"], s["date"]): s for s in doc.get("shifts", [])}
    absences = {(a["officer"], a["date"]): a for a in doc.get("absences", [])}
    officers = [o for o in doc.get("officers", []) if collars is None or o["id"] in collars]
    officers.sort(
        key=lambda o: (o["rank"] != "sergeant", districts.get(o["district"], ""), o["name"])
    )
    rows = []
    for o in officers:
        row = Row(
            o["id"],
            o["name"],
            o["rank"],
            districts.get(o["district"], f"{o['division']} division"),
        )
        for d in days:
            key = (o["id"], d["date"])
            if key in shifts:
                s = shifts[key]
                start = dt.datetime.fromisoformat(s["start"]).strftime("%H:%M")
                end = dt.datetime.fromisoformat(s["end"]).strftime("%H:%M")
                where = districts.get(s["district"]) or f"{s['division']} division"
                row.cells.append(
                    Cell(
                        s["shift"],
                        f"shift-{s['shift']}",
                        f"{names.get(s['shift'], s['shift'])} {start} to {end}, {where}",
                    )
                )
                row.shifts += 1
            elif key in absences:
                reason = absences[key]["reason"]
                row.cells.append(
                    Cell(
                        ABSENCE_ABBREVIATIONS.get(reason, "AB"),
                        "shift-abs",
                        reason.replace("_", " ").capitalize(),
                    )
                )
            else:
                row.cells.append(Cell("–", "shift-off", "Rest day"))
        rows.append(row)
    weeks: list[tuple[dt.date, int]] = []
    for d in days:
        if not weeks or d["day"].weekday() == 0:
            weeks.append((d["day"], 0))
        weeks[-1] = (weeks[-1][0], weeks[-1][1] + 1)
    return Grid(days, rows, weeks)
