"""Small hand-built instances and rosters for the engine tests."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from saferschools.rostering.engine.domain import Instance
from saferschools.rostering.engine.solver import Assignment, Solution, SolveStats
from saferschools.rostering.engine.synthetic import TERM_MONDAY
from saferschools.rostering.engine.synthetic import small_instance as make_instance

__all__ = ["HOLIDAY_MONDAY", "TERM_MONDAY", "document", "make_instance", "roster"]

HOLIDAY_MONDAY = date(2025, 8, 4)  # a summer-holiday week


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
