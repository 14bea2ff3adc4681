"""Small hand-built instances and rosters for the engine tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from saferschools.rostering.engine.domain import (
    Absence,
    CarryOver,
    Contract,
    District,
    Instance,
    Officer,
    Rank,
    Rules,
    School,
)
from saferschools.rostering.engine.school_calendar import standard_english_school_calendar
from saferschools.rostering.engine.solver import Assignment, Solution, SolveStats

TERM_MONDAY = date(2025, 7, 7)  # a term week (summer term ends 22 July 2025)
HOLIDAY_MONDAY = date(2025, 8, 4)  # a summer-holiday week


def make_instance(
    start: date = TERM_MONDAY,
    days: int = 7,
    teams: Mapping[str, int] | None = None,
    schools_per_officer: int = 1,
    sergeants: int = 1,
    rules: Rules | None = None,
    absences: tuple[Absence, ...] = (),
    contracts: Mapping[str, Contract] | None = None,
    no_school: tuple[str, ...] = (),
    carry_over: tuple[CarryOver, ...] = (),
) -> Instance:
    """Districts ``A``, ``B``... (division ``N``) with constables ``A1``, ``A2``..., sergeants ``G1``..."""
    teams = teams or {"A": 3}
    contracts = contracts or {}
    end = start + timedelta(days=days - 1)
    districts = tuple(District(d, f"District {d}", "N") for d in teams)
    officers: list[Officer] = []
    schools: list[School] = []
    for d, n in teams.items():
        for k in range(1, n + 1):
            oid = f"{d}{k}"
            officers.append(
                Officer(oid, f"PC {oid}", Rank.CONSTABLE, "N", d, contracts.get(oid, Contract()))
            )
            if oid not in no_school:
                for s in range(schools_per_officer):
                    schools.append(School(f"S-{oid}-{s}", f"School {oid}.{s}", d, oid))
    for k in range(1, sergeants + 1):
        officers.append(Officer(f"G{k}", f"PS G{k}", Rank.SERGEANT, "N"))
    return Instance(
        start=start,
        end=end,
        districts=districts,
        schools=tuple(schools),
        officers=tuple(officers),
        calendar=standard_english_school_calendar(start, end),
        absences=absences,
        rules=rules or Rules(),
        carry_over=carry_over,
    )


def roster(inst: Instance, plan: Mapping[str, str]) -> Solution:
    """A hand-built roster: ``plan[officer] = "DDDDD--"`` (one character per day, ``-`` = off)."""
    out = []
    for oid, codes in plan.items():
        o = inst.officer_by_id[oid]
        for i, c in enumerate(codes):
            if c != "-":
                out.append(Assignment(oid, inst.days[i], c, o.division, o.district_id))
    return Solution(inst, tuple(out), SolveStats("HAND", None, None, None, 0.0))


def document(solution: Solution) -> dict[str, Any]:
    """The solution's output document, round-tripped through JSON like a real consumer would."""
    doc: dict[str, Any] = json.loads(json.dumps(solution.to_document()))
    return doc
