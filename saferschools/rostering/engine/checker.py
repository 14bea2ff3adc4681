"""Independent roster checker: reads ONLY the output document (a ``dict`` parsed from JSON).

It imports nothing from the engine and knows nothing of the solver: limits come from the
document's ``rules`` section, days and closures from ``calendar``, teams from ``officers`` and
``districts``, and shift times are re-read from each shift's ISO 8601 ``start``/``end``. Use it to
verify a roster produced by the CP-SAT engine, the greedy baseline, or edited by hand.

* :func:`check_document` -> ``{hard rule name: [Violation, ...]}`` (every hard rule is a key).
* :func:`soft_measures` -> units per soft rule, fairness spreads and the weighted soft cost.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = [
    "HARD_RULE_NAMES",
    "Violation",
    "check_document",
    "count_violations",
    "fairness_counts",
    "soft_measures",
]

HARD_RULE_NAMES = (
    "rule_document_integrity",
    "rule_one_shift_per_day",
    "rule_availability",
    "rule_min_rest_between_shifts",
    "rule_weekly_rest",
    "rule_max_consecutive_days",
    "rule_reference_period_hours",
    "rule_part_time_pattern",
    "rule_district_daily_cover",
    "rule_school_hours_presence",
    "rule_named_officer_most_school_days",
    "rule_holiday_youth_cover",
    "rule_sergeant_division_cover",
)


@dataclass(frozen=True)
class Violation:
    rule: str
    date: str
    subject: str
    detail: str


class _Doc:
    """Indexes over the document, built once."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.limits = {r["name"]: r.get("limit", {}) for r in doc["rules"]}
        self.days = [date.fromisoformat(d["date"]) for d in doc["calendar"]["days"]]
        self.day_info = {date.fromisoformat(d["date"]): d for d in doc["calendar"]["days"]}
        self.closed = {(c["date"], c["school"]) for c in doc["calendar"]["closures"]}
        self.shift_types = {s["code"]: s for s in doc["shift_types"]}
        self.officers = {o["id"]: o for o in doc["officers"]}
        self.districts = {d["id"]: d for d in doc["districts"]}
        self.divisions = sorted({d["division"] for d in doc["districts"]})
        self.schools = doc["schools"]
        self.absence = {(a["officer"], a["date"]): a for a in doc["absences"]}
        self.carry = {c["officer"]: c for c in doc.get("carry_over", [])}
        self.by_officer_day: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.by_officer: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for s in doc["shifts"]:
            self.by_officer_day[s["officer"], s["date"]].append(s)
            self.by_officer[s["officer"]].append(s)
        # weeks: Monday-Sunday groups of horizon days
        self.weeks: list[list[date]] = []
        for d in self.days:
            if not self.weeks or d.weekday() == 0:
                self.weeks.append([])
            self.weeks[-1].append(d)

    def flag(self, code: str, name: str) -> bool:
        return bool(self.shift_types.get(code, {}).get(name, False))

    def school_open(self, school_id: str, d: date) -> bool:
        iso = d.isoformat()
        if self.day_info[d]["type"] != "school_day":
            return False
        return (iso, school_id) not in self.closed and (iso, None) not in self.closed

    def works(self, officer: str, d: date) -> bool:
        iso = d.isoformat()
        if self.by_officer_day.get((officer, iso)):
            return True
        a = self.absence.get((officer, iso))
        return bool(a and a["counts_as_work"])

    def minutes(self, officer: str, d: date) -> int:
        iso = d.isoformat()
        total = sum(_minutes(s) for s in self.by_officer_day.get((officer, iso), []))
        a = self.absence.get((officer, iso))
        if a and a["counts_as_work"]:
            total += (
                int(self.limits["rule_reference_period_hours"].get("absence_work_hours", 8)) * 60
            )
        return total

    def constable_shifts(self, district: str, d: date) -> list[dict[str, Any]]:
        iso = d.isoformat()
        return [
            s
            for o in self.officers.values()
            if o["rank"] == "constable" and o["district"] == district
            for s in self.by_officer_day.get((o["id"], iso), [])
        ]


def _minutes(shift: dict[str, Any]) -> int:
    start = datetime.fromisoformat(shift["start"])
    end = datetime.fromisoformat(shift["end"])
    return int((end - start).total_seconds() // 60)


def check_document(doc: dict[str, Any]) -> dict[str, list[Violation]]:
    """Every hard-rule violation in ``doc``, grouped by rule name (empty lists when met)."""
    d = _Doc(doc)
    out: dict[str, list[Violation]] = {name: [] for name in HARD_RULE_NAMES}

    def add(rule: str, day: date | str, subject: str, detail: str) -> None:
        out[rule].append(
            Violation(rule, day if isinstance(day, str) else day.isoformat(), subject, detail)
        )

    _integrity(d, add)
    for (oid, iso), shifts in d.by_officer_day.items():
        if len(shifts) > 1:
            add("rule_one_shift_per_day", iso, oid, f"{len(shifts)} shifts")
        if (oid, iso) in d.absence:
            add("rule_availability", iso, oid, f"shift on a day of {d.absence[oid, iso]['reason']}")
    _rest_between(d, add)
    _per_officer_calendar(d, add)
    _cover(d, add)
    _named_presence(d, add)
    return out


def count_violations(report: dict[str, list[Violation]]) -> int:
    return sum(len(v) for v in report.values())


Add = Any


def _integrity(d: _Doc, add: Add) -> None:
    first, last = d.days[0], d.days[-1]
    for s in d.doc["shifts"]:
        oid = s["officer"]
        o = d.officers.get(oid)
        if o is None:
            add("rule_document_integrity", s["date"], oid, "unknown officer")
            continue
        st = d.shift_types.get(s["shift"])
        day = date.fromisoformat(s["date"])
        if st is None or not first <= day <= last:
            add(
                "rule_document_integrity",
                s["date"],
                oid,
                "unknown shift type or date outside horizon",
            )
            continue
        start = datetime.fromisoformat(s["start"])
        if (
            start.date() != day
            or start.strftime("%H:%M") != st["start"]
            or start.utcoffset() is None
        ):
            add("rule_document_integrity", s["date"], oid, "start does not match the shift type")
        if datetime.fromisoformat(s["end"]).strftime("%H:%M") != st["end"]:
            add("rule_document_integrity", s["date"], oid, "end does not match the shift type")
        if o["rank"] == "constable" and s["district"] != o["district"]:
            add(
                "rule_document_integrity",
                s["date"],
                oid,
                "constable rostered outside their district",
            )
        if s["division"] not in d.divisions:
            add("rule_document_integrity", s["date"], oid, "unknown division")


def _rest_between(d: _Doc, add: Add) -> None:
    limit = int(d.limits["rule_min_rest_between_shifts"]["hours"]) * 60
    for oid, shifts in d.by_officer.items():
        ordered = sorted(shifts, key=lambda s: datetime.fromisoformat(s["start"]))
        last_end = (d.carry.get(oid) or {}).get("last_shift_end")
        if last_end and ordered:
            ordered.insert(0, {"end": last_end, "shift": "last shift", "date": "previous roster"})
        for prev, nxt in zip(ordered, ordered[1:], strict=False):
            gap = datetime.fromisoformat(nxt["start"]) - datetime.fromisoformat(prev["end"])
            minutes = gap.total_seconds() / 60
            if minutes < limit:
                add(
                    "rule_min_rest_between_shifts",
                    nxt["date"],
                    oid,
                    f"{minutes / 60:.1f}h after {prev['shift']} on {prev['date']}",
                )


def _per_officer_calendar(d: _Doc, add: Add) -> None:
    rest = int(d.limits["rule_weekly_rest"]["rest_days_per_week"])
    max_run = int(d.limits["rule_max_consecutive_days"]["days"])
    ref = d.limits["rule_reference_period_hours"]
    weekly_h = int(ref["average_weekly_hours"])
    period = int(ref["reference_period_weeks"]) * 7
    n = len(d.days)
    for oid, o in d.officers.items():
        work = [d.works(oid, day) for day in d.days]
        mins = [d.minutes(oid, day) for day in d.days]
        carry = d.carry.get(oid) or {}
        for k, week in enumerate(d.weeks):
            length = len(week)
            off = sum(1 for day in week if not d.works(oid, day))
            if k == 0:
                before = int(carry.get("week_days_before", 0))
                length += before
                off += before - int(carry.get("week_worked_before", 0))
            need = rest if length >= 7 else rest * length // 7
            if off < need:
                add("rule_weekly_rest", week[0], oid, f"{off} rest days, need {need}")
        run = int(carry.get("consecutive_days", 0))
        for i, w in enumerate(work):
            run = run + 1 if w else 0
            if run > max_run:
                add("rule_max_consecutive_days", d.days[i], oid, f"day {run} in a row")
        windows = (
            [(0, n, weekly_h * 60 * n // 7)]
            if n <= period
            else [(s, s + period, weekly_h * 60 * period // 7) for s in range(n - period + 1)]
        )
        for lo, hi, cap in windows:
            total = sum(mins[lo:hi])
            if total > cap:
                add(
                    "rule_reference_period_hours",
                    d.days[lo],
                    oid,
                    f"{total / 60:.1f}h > {cap / 60:.1f}h",
                )
        c = o["contract"]
        fixed = set(c.get("fixed_days_off") or [])
        for week in d.weeks:
            max_days = c.get("max_days_per_week")
            if max_days is not None and max_days < len(week):
                worked = sum(1 for day in week if d.works(oid, day))
                if worked > max_days:
                    add("rule_part_time_pattern", week[0], oid, f"{worked} days > {max_days}")
            max_hours = c.get("max_hours_per_week")
            if max_hours is not None:
                total = sum(d.minutes(oid, day) for day in week)
                if total > int(max_hours * 60):
                    add("rule_part_time_pattern", week[0], oid, f"{total / 60:.1f}h > {max_hours}h")
        for day in d.days:
            if day.weekday() in fixed and d.by_officer_day.get((oid, day.isoformat())):
                add("rule_part_time_pattern", day, oid, "shift on a fixed day off")


def _cover(d: _Doc, add: Add) -> None:
    for did in d.districts:
        schools = [s for s in d.schools if s["district"] == did]
        for day in d.days:
            shifts = d.constable_shifts(did, day)
            if not shifts:
                add("rule_district_daily_cover", day, did, "no constable on duty")
            if any(d.school_open(s["id"], day) for s in schools) and not any(
                d.flag(s["shift"], "school_hours") for s in shifts
            ):
                add(
                    "rule_school_hours_presence",
                    day,
                    did,
                    "open school(s) and no school-hours shift",
                )
            if d.day_info[day]["youth_cover"] and not any(
                d.flag(s["shift"], "youth_cover") for s in shifts
            ):
                add("rule_holiday_youth_cover", day, did, "no youth-cover shift on a holiday day")
    has_sergeants = any(o["rank"] == "sergeant" for o in d.officers.values())
    for v in d.divisions if has_sergeants else []:
        for day in d.days:
            iso = day.isoformat()
            if not any(
                s["division"] == v
                for o in d.officers.values()
                if o["rank"] == "sergeant"
                for s in d.by_officer_day.get((o["id"], iso), [])
            ):
                add("rule_sergeant_division_cover", day, v, "no sergeant supervising")


def _named_presence(d: _Doc, add: Add) -> None:
    share = float(d.limits["rule_named_officer_most_school_days"]["share"])
    for oid, o in d.officers.items():
        mine = [s["id"] for s in d.schools if s["named_officer"] == oid]
        if o["rank"] != "constable" or not mine:
            continue
        fixed = set(o["contract"].get("fixed_days_off") or [])
        avail = [
            day
            for day in d.days
            if (oid, day.isoformat()) not in d.absence
            and day.weekday() not in fixed
            and any(d.school_open(s, day) for s in mine)
        ]
        cdays = o["contract"].get("max_days_per_week")
        factor = 1.0 if cdays is None else min(1.0, cdays / 5)
        need = math.floor(share * len(avail) * factor)
        got = sum(
            1
            for day in avail
            if any(
                d.flag(s["shift"], "school_hours")
                for s in d.by_officer_day.get((oid, day.isoformat()), [])
            )
        )
        if got < need:
            add(
                "rule_named_officer_most_school_days",
                avail[-1],
                oid,
                f"{got} school-hours days of {len(avail)}, need {need}",
            )


def fairness_counts(doc: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per officer: weekend, late and bank-holiday shifts over the fairness year so far, i.e.
    the document's ``carry_over`` counts plus this roster's shifts (``this_roster_*`` alone)."""
    d = _Doc(doc)
    out: dict[str, dict[str, int]] = {}
    for oid in d.officers:
        shifts = d.by_officer[oid]
        weekends = sum(1 for s in shifts if date.fromisoformat(s["date"]).weekday() >= 5)
        lates = sum(1 for s in shifts if d.flag(s["shift"], "late"))
        bank = sum(
            1 for s in shifts if d.day_info[date.fromisoformat(s["date"])]["type"] == "bank_holiday"
        )
        c = d.carry.get(oid) or {}
        out[oid] = {
            "this_roster_weekends": weekends,
            "this_roster_lates": lates,
            "this_roster_bank_holidays": bank,
            "weekends": weekends + int(c.get("weekends", 0)),
            "lates": lates + int(c.get("lates", 0)),
            "bank_holidays": bank + int(c.get("bank_holidays", 0)),
        }
    return out


def soft_measures(doc: dict[str, Any]) -> dict[str, Any]:
    """Units of each soft rule, fairness spreads per group, and the weighted soft cost."""
    d = _Doc(doc)
    named_missing = 0
    for s in d.schools:
        for day in d.days:
            if d.school_open(s["id"], day) and not any(
                d.flag(x["shift"], "school_hours")
                for x in d.by_officer_day.get((s["named_officer"], day.isoformat()), [])
            ):
                named_missing += 1
    weekend_missing = 0
    if d.limits.get("rule_weekend_early_and_late", {}).get("enabled", True):
        for did in d.districts:
            for day in d.days:
                if d.day_info[day]["type"] == "school_day":
                    continue
                shifts = d.constable_shifts(did, day)
                weekend_missing += int(not any(not d.flag(s["shift"], "late") for s in shifts))
                weekend_missing += int(not any(d.flag(s["shift"], "late") for s in shifts))
    groups: dict[str, list[str]] = defaultdict(list)
    for oid, o in d.officers.items():
        team = o["district"] if o["rank"] == "constable" else "sergeants"
        groups[f"{team}:{o['contract']['key']}"].append(oid)
    spreads: dict[str, dict[str, int]] = {"weekends": {}, "lates": {}, "bank_holidays": {}}
    year = fairness_counts(doc)
    for name, members in groups.items():
        if len(members) < 2:
            continue
        for kind in spreads:
            values = [year[m][kind] for m in members]
            spreads[kind][name] = max(values) - min(values)
    away = sum(
        1
        for o in d.officers.values()
        if o["rank"] == "sergeant"
        for s in d.by_officer[o["id"]]
        if s["division"] != o["division"]
    )
    units = {
        "rule_named_officer_at_school": named_missing,
        "rule_weekend_early_and_late": weekend_missing,
        "rule_fair_weekends": sum(spreads["weekends"].values()),
        "rule_fair_lates": sum(spreads["lates"].values()),
        "rule_fair_bank_holidays": sum(spreads["bank_holidays"].values()),
        "rule_sergeant_home_division": away,
    }
    cost = sum(n * int(d.limits.get(rule, {}).get("weight", 0)) for rule, n in units.items())
    return {
        "units": units,
        "cost": cost,
        "max_spread": {k: max(v.values(), default=0) for k, v in spreads.items()},
        "spreads": spreads,
    }
