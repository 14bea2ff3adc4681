"""The output document: a JSON-ready ``dict`` that carries everything a checker needs.

Shape (``format`` = ``"saferschools.roster/1"``)::

    {
      "format": "saferschools.roster/1",
      "timezone": "Europe/London",
      "horizon": {"start": "2025-07-07", "end": "2025-09-28", "days": 84},
      "shift_types": [{"code", "name", "start": "07:00", "end": "15:00",
                       "school_hours", "youth_cover", "late"}],
      "calendar": {"days": [{"date", "weekday", "type", "in_term", "youth_cover",
                             "bank_holiday": name|null}],
                   "closures": [{"date", "school": id|null, "reason"}]},
      "districts": [{"id", "name", "division"}],
      "schools": [{"id", "name", "district", "named_officer"}],
      "officers": [{"id", "name", "rank", "district", "division",
                    "contract": {"max_days_per_week", "max_hours_per_week", "fixed_days_off",
                                 "key"}}],
      "rules": [{"name", "kind": "hard"|"soft", "limit": {...}, "description"}],
      "shifts": [{"officer", "district", "division", "date", "shift",
                  "start": "2025-07-07T07:00:00+01:00", "end": "...", "minutes"}],
      "absences": [{"officer", "date", "reason", "counts_as_work", "note"}],
      "carry_over": [{"officer", "consecutive_days", "last_shift_end": ISO|null,
                      "week_days_before", "week_worked_before", "weekends", "lates",
                      "bank_holidays"}],
      "penalties": [{"rule", "date"|null, "subject", "amount", "cost"}],
      "penalty_summary": {rule: {"units", "cost"}},
      "schools_without_named_officer": [{"school", "date", "named_officer", "covered_by": [...]}],
      "infeasibilities": [{"rule", "date", "subject", "shortfall", "message"}],
      "solve": {"status", "objective", "bound", "gap", "seconds", "subproblems": [...]}
    }

Dates are ISO 8601; shift start/end are ISO 8601 date-times with the UTC offset of the day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .domain import Instance
from .rules import rule_catalogue

if TYPE_CHECKING:
    from .solver import Solution

__all__ = ["FORMAT", "instance_sections", "to_document"]

FORMAT = "saferschools.roster/1"


def instance_sections(inst: Instance) -> dict[str, Any]:
    """The parts of the document that describe the problem (everything but the roster)."""
    cal = inst.calendar
    return {
        "format": FORMAT,
        "timezone": inst.timezone,
        "horizon": {
            "start": inst.start.isoformat(),
            "end": inst.end.isoformat(),
            "days": len(inst.days),
        },
        "shift_types": [
            {
                "code": s.code,
                "name": s.name,
                "start": s.start.strftime("%H:%M"),
                "end": s.end.strftime("%H:%M"),
                "school_hours": s.school_hours,
                "youth_cover": s.youth_cover,
                "late": s.late,
            }
            for s in inst.shift_types
        ],
        "calendar": {
            "days": [
                {
                    "date": d.isoformat(),
                    "weekday": d.weekday(),
                    "type": str(t),
                    "in_term": cal.in_term(d),
                    "youth_cover": inst.is_youth_cover_day(d),
                    "bank_holiday": cal.bank_holidays.get(d),
                }
                for d, t in zip(inst.days, inst.day_types, strict=True)
            ],
            "closures": [
                {"date": c.day.isoformat(), "school": c.school_id, "reason": c.reason}
                for c in cal.closures
                if inst.start <= c.day <= inst.end
            ],
        },
        "districts": [{"id": d.id, "name": d.name, "division": d.division} for d in inst.districts],
        "schools": [
            {
                "id": s.id,
                "name": s.name,
                "district": s.district_id,
                "named_officer": s.named_officer_id,
            }
            for s in inst.schools
        ],
        "officers": [
            {
                "id": o.id,
                "name": o.name,
                "rank": str(o.rank),
                "district": o.district_id,
                "division": o.division,
                "contract": {
                    "max_days_per_week": o.contract.max_days_per_week,
                    "max_hours_per_week": o.contract.max_hours_per_week,
                    "fixed_days_off": sorted(o.contract.fixed_days_off),
                    "key": o.contract.key,
                },
            }
            for o in inst.officers
        ],
        "rules": rule_catalogue(inst),
        "absences": [
            {
                "officer": a.officer_id,
                "date": a.day.isoformat(),
                "reason": str(a.reason),
                "counts_as_work": a.counts_as_work,
                "note": a.note,
            }
            for a in sorted(inst.absence_on.values(), key=lambda a: (a.day, a.officer_id))
            if inst.start <= a.day <= inst.end
        ],
        "carry_over": [
            {
                "officer": c.officer_id,
                "consecutive_days": c.consecutive_days,
                "last_shift_end": c.last_shift_end.isoformat() if c.last_shift_end else None,
                "week_days_before": c.week_days_before,
                "week_worked_before": c.week_worked_before,
                "weekends": c.weekends,
                "lates": c.lates,
                "bank_holidays": c.bank_holidays,
            }
            for c in inst.carry_over
        ],
    }


def to_document(solution: Solution) -> dict[str, Any]:
    """The full output document of ``solution`` (see the module docstring for its shape)."""
    inst = solution.instance
    doc = instance_sections(inst)
    shifts = []
    for a in solution.assignments:
        st = inst.shift_by_code[a.shift]
        start, end = st.interval(a.day, inst.timezone)
        shifts.append(
            {
                "officer": a.officer_id,
                "district": a.district_id,
                "division": a.division,
                "date": a.day.isoformat(),
                "shift": a.shift,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "minutes": st.minutes(a.day, inst.timezone),
            }
        )
    doc["shifts"] = shifts
    doc["penalties"] = [
        {
            "rule": p.rule,
            "date": p.day.isoformat() if p.day else None,
            "subject": p.subject,
            "amount": p.amount,
            "cost": p.cost,
        }
        for p in solution.penalties
    ]
    doc["penalty_summary"] = solution.penalty_summary()
    doc["schools_without_named_officer"] = [
        {
            "school": g.school_id,
            "date": g.day.isoformat(),
            "named_officer": g.named_officer_id,
            "covered_by": list(g.covered_by),
        }
        for g in solution.schools_without_named_officer()
    ]
    doc["infeasibilities"] = [
        {
            "rule": p.rule,
            "date": p.day.isoformat(),
            "subject": p.subject,
            "shortfall": p.shortfall,
            "message": p.message,
        }
        for p in solution.infeasibilities
    ]
    doc["solve"] = solution.stats.as_dict()
    return doc
