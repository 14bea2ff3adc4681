"""Redeployment: officers taken away for a period, and who covers their schools.

:func:`redeploy` removes named officers and/or a number of officers, then lets the
remaining officers of each district cover the schools that lost theirs. Every school
whose officer stays keeps that officer (a hard rule); the workload tolerance may bend
(reported as a penalty) because fewer officers now carry the same schools.

Anonymous removals (``remove_count``) come from the districts whose *last* officer has
the lowest divisor priority (Webster's ``share / (a - 1/2)``, or Huntington-Hill's
``share / sqrt((a-1) a)``), never below a district's minimum. For a divisor method
this is exactly the apportionment of the smaller total, thanks to house monotonicity.
Within a district the officer with the lightest workload goes (fewest schools affected).

A district left with no officer at all is covered by the nearest district (by the
centre of its schools) in the same division that still has officers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace
from datetime import date
from fractions import Fraction

from .apportion import canonical_method
from .assignment import PatchProblem, PatchResult, solve_patches
from .errors import (
    InfeasibleApportionmentError,
    InvalidInputError,
    NoOfficersError,
    UnknownOfficerError,
)
from .model import (
    AffectedSchool,
    CoverageChange,
    Instance,
    OfficerPatch,
    PlanSettings,
    Redeployment,
    RedeploymentResult,
    School,
    Solution,
)
from .plan import assemble, school_workloads


def choose_officers_to_remove(
    solution: Solution, count: int, already: set[str], method: str = "webster"
) -> list[str]:
    """Pick ``count`` officers to take away (see module docstring for the rule)."""
    name = canonical_method(method)
    remaining: dict[str, list[OfficerPatch]] = defaultdict(list)
    for p in solution.officers:
        if p.officer not in already:
            remaining[p.district].append(p)
    plans = {d.code: d for d in solution.districts}
    chosen: list[str] = []
    for _ in range(count):
        best: tuple[tuple[int, Fraction], str] | None = None
        for code in sorted(remaining):
            seats = len(remaining[code])
            if seats <= plans[code].minimum:
                continue
            prio = _last_seat_priority(Fraction(plans[code].demand.share), seats, name)
            if best is None or prio <= best[0]:
                best = (prio, code)
        if best is None:
            raise InfeasibleApportionmentError(
                f"Cannot take {count} officers away: every district would fall below its "
                "minimum (one officer per district with schools, and the schools-per-officer "
                "limit). Name the officers instead, or take fewer."
            )
        code = best[1]
        victim = min(remaining[code], key=lambda p: (p.workload, p.officer))
        remaining[code].remove(victim)
        chosen.append(victim.officer)
    return chosen


def _last_seat_priority(share: Fraction, seats: int, method: str) -> tuple[int, Fraction]:
    if method == "huntington_hill":
        if seats == 1:
            return (1, Fraction(0))
        return (0, share * share / ((seats - 1) * seats))
    return (0, share / (seats - Fraction(1, 2)))


def _centre(schools: list[School]) -> tuple[float, float]:
    return (
        sum(s.easting for s in schools) / len(schools),
        sum(s.northing for s in schools) / len(schools),
    )


def _host_rank(
    at: tuple[float, float], host_at: tuple[float, float], other_division: bool, code: str
) -> tuple[bool, float, str]:
    return (other_division, math.hypot(host_at[0] - at[0], host_at[1] - at[1]), code)


def redeploy(
    solution: Solution,
    instance: Instance,
    scenario: Redeployment,
    settings: PlanSettings | None = None,
) -> RedeploymentResult:
    """The plan during a redeployment period and its effects (see module docstring)."""
    settings = replace(settings or PlanSettings(), tolerance_is_hard=False)
    if scenario.end < scenario.start:
        raise InvalidInputError(
            f"The redeployment ends ({scenario.end}) before it starts ({scenario.start})."
        )
    if scenario.remove_count < 0:
        raise InvalidInputError("remove_count cannot be negative.")
    known = {p.officer: p for p in solution.officers}
    unknown = [o for o in scenario.officer_ids if o not in known]
    if unknown:
        raise UnknownOfficerError(
            f"These officers are not in the plan: {', '.join(unknown)}. Check the ids."
        )
    removed = list(dict.fromkeys(scenario.officer_ids))
    if len(removed) + scenario.remove_count >= len(known):
        raise NoOfficersError(
            f"Taking {len(removed) + scenario.remove_count} of {len(known)} officers away "
            "would leave no Schools Officer; at least one must remain."
        )
    removed += choose_officers_to_remove(
        solution, scenario.remove_count, set(removed), settings.method
    )
    gone = set(removed)

    schools_by_district: dict[str, list[School]] = defaultdict(list)
    for s in instance.schools:
        schools_by_district[s.district].append(s)
    remaining: dict[str, list[str]] = defaultdict(list)
    for p in solution.officers:
        if p.officer not in gone:
            remaining[p.district].append(p.officer)
    division = {d.code: d.division for d in solution.districts}
    names = {d.code: d.name for d in solution.districts}
    groups: dict[str, list[str]] = {c: [c] for c in remaining}
    for code, orphans in schools_by_district.items():
        if remaining.get(code):
            continue
        at = _centre(orphans)
        host = min(
            _host_rank(at, _centre(schools_by_district[c]), division[c] != division[code], c)
            for c in remaining
            if remaining[c]
        )[2]
        groups[host].append(code)

    workload = school_workloads(instance, settings)
    home = {p.officer: p.district for p in solution.officers}
    patches: list[OfficerPatch] = []
    results: list[PatchResult] = []
    fixed_travel = 0.0
    for host, members in groups.items():
        group = tuple(
            sorted((s for c in members for s in schools_by_district[c]), key=lambda s: s.urn)
        )
        touched = any(solution.assignment[s.urn] in gone for s in group)
        if not touched:
            kept = [p for p in solution.officers if p.district == host]
            patches += kept
            fixed_travel += sum(p.travel_km for p in kept)
            continue
        officers = tuple(sorted(remaining[host]))
        problem = PatchProblem(
            key=host,
            label=" and ".join(names[c] for c in members),
            schools=group,
            workload=tuple(workload[s.urn] for s in group),
            officers=len(officers),
            officer_ids=officers,
            required=frozenset(officers),
            previous={s.urn: solution.assignment[s.urn] for s in group},
            must_keep=frozenset(s.urn for s in group if solution.assignment[s.urn] not in gone),
        )
        result = solve_patches(problem, settings)
        results.append(result)
        for solved in result.patches:
            officer = solved.officer or ""
            patches.append(
                OfficerPatch(
                    officer,
                    home[officer],
                    solved.schools,
                    solved.base,
                    solved.workload,
                    solved.travel_km,
                )
            )
    after = defaultdict(int, {c: len(v) for c, v in remaining.items()})
    district_plans = tuple(replace(d, officers=after[d.code]) for d in solution.districts)
    new_plan = assemble(
        instance,
        settings,
        district_plans,
        patches,
        results,
        solution.assignment,
        [
            *solution.warnings,
            *(f"Officer {o} redeployed {scenario.start} to {scenario.end}." for o in removed),
        ],
        fixed_travel_km=fixed_travel,
        reference_mean=sum(p.workload for p in solution.officers) / len(solution.officers),
    )
    school_index = {s.urn: s for s in instance.schools}
    affected = tuple(
        AffectedSchool(
            urn=urn,
            name=school_index[urn].name,
            district=school_index[urn].district,
            old_officer=old,
            new_officer=new_plan.assignment[urn],
            start=scenario.start,
            end=scenario.end,
        )
        for urn, old in sorted(solution.assignment.items())
        if old in gone
    )
    coverage = tuple(
        CoverageChange(d.code, d.name, d.officers, after[d.code], d.schools)
        for d in solution.districts
    )
    return RedeploymentResult(new_plan, tuple(removed), affected, coverage, scenario)


def _long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def headteacher_letter(
    school: AffectedSchool,
    force_name: str = "Kent Police",
    new_contact_name: str | None = None,
    new_contact_details: str = "",
    signatory: str = "Inspector, Schools Officers programme",
) -> str:
    """A plain letter to the headteacher of a school that loses its named officer."""
    contact = new_contact_name or f"officer {school.new_officer}"
    lines = [
        f"To the Headteacher, {school.name} (URN {school.urn})",
        "",
        f"From {_long_date(school.start)} to {_long_date(school.end)} your named Schools "
        f"Officer ({school.old_officer}) will be working on other duties for {force_name}.",
        f"During that time your school's contact will be {contact}"
        + (f", who can be reached at {new_contact_details}" if new_contact_details else "")
        + ". They already work with schools in your area and will keep up your planned "
        "visits and any open matters.",
        f"Your named officer will return to your school after {_long_date(school.end)}. "
        "Nothing changes in how you report concerns: in an emergency always call 999.",
        "",
        "Yours faithfully,",
        signatory,
        force_name,
    ]
    return "\n".join(lines)
