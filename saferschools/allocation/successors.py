"""Who takes a leaver's (or mover's) schools: the engine's stable re-plan, for the people app.

Business rule: every school keeps its named officer except those of the officers who go; their
schools are shared among the officers who stay in the same district (the nearest district in
the division if none stay) by the same CP-SAT patch model as a redeployment, which keeps
workloads within tolerance where it can. The plan document is brought up to date first: the
named officers of today (`SchoolAssignment`) replace the adoption-day ones, and officers who
have left since are taken away too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from saferschools.workforce.models import Officer

from . import engine as E
from . import selectors
from .documents import settings_from_inputs, solution_from_document


@dataclass(frozen=True)
class Successors:
    """URN -> the collar number proposed as the school's new named officer."""

    by_urn: dict[str, str]
    plan_name: str
    report: E.SolveReport | None


def successors_propose(*, collar_numbers: list[str], on: dt.date) -> Successors:
    """The stable re-plan of the adopted plan without these officers (see module docstring).

    Raises `engine.AllocationError` (with a message for a planner) when there is no adopted
    plan, the officers are not in it, or no one would be left.
    """
    plan = selectors.adopted_plan()
    if plan is None:
        raise E.InvalidInputError("No plan is adopted, so the engine has nothing to re-plan.")
    instance = selectors.instance_from_inputs(plan.inputs["instance"])
    settings = settings_from_inputs(plan.inputs["settings"])
    before = solution_from_document(plan.result)
    in_plan = {p.officer for p in before.officers}
    current = {
        urn: collar
        for urn, collar in selectors.current_assignment().items()
        if urn in before.assignment and collar in in_plan
    }
    assignment = {**before.assignment, **current}
    patches = tuple(
        replace(p, schools=tuple(sorted(u for u, c in assignment.items() if c == p.officer)))
        for p in before.officers
    )
    before = replace(before, assignment=assignment, officers=patches)
    missing = [c for c in collar_numbers if c not in in_plan]
    if missing:
        raise E.UnknownOfficerError(
            f"Officer(s) {', '.join(missing)} are not in the adopted plan '{plan.name}'."
        )
    gone_since = set(
        Officer.objects.filter(collar_number__in=in_plan, is_active=False).values_list(
            "collar_number", flat=True
        )
    )
    away = tuple(dict.fromkeys([*collar_numbers, *sorted(gone_since - set(collar_numbers))]))
    result = E.redeploy(before, instance, E.Redeployment(on, on, away, 0, "leaves"), settings)
    wanted = set(collar_numbers)
    return Successors(
        by_urn={a.urn: a.new_officer for a in result.affected if a.old_officer in wanted},
        plan_name=plan.name,
        report=result.plan.report,
    )
