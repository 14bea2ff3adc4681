"""The plan and scenario documents (JSON) saved with each Plan and Scenario, and the way
back from a saved document to the engine's Solution (so a past plan can be redeployed).

A plan document (`saferschools.plan/1`) is the engine's `Solution.to_dict()` plus:
each district's minimum/maximum and notes; each district's workload band; the method's
default and why; the settings and weights used; and, once adopted, `officer_ids`
(engine id -> collar number; every officer id in the document is then a collar number).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from . import engine as E

PLAN_FORMAT = "saferschools.plan/1"
SCENARIO_FORMAT = "saferschools.scenario/1"


def settings_to_inputs(settings: E.PlanSettings) -> dict[str, Any]:
    return {
        "method": settings.method,
        "weights": asdict(settings.weights),
        "workload": asdict(settings.workload),
        "max_schools_per_officer": settings.max_schools_per_officer,
        "workload_tolerance": settings.workload_tolerance,
        "tolerance_is_hard": settings.tolerance_is_hard,
        "crime_severity": dict(settings.crime_severity),
        "time_limit_s": settings.time_limit_s,
        "num_workers": settings.num_workers,
        "rules": settings.rules.to_dict(),
    }


def settings_from_inputs(data: dict[str, Any]) -> E.PlanSettings:
    return E.PlanSettings(
        method=data["method"],
        weights=E.DemandWeights(**data["weights"]),
        workload=E.WorkloadWeights(**data["workload"]),
        max_schools_per_officer=data["max_schools_per_officer"],
        workload_tolerance=data["workload_tolerance"],
        tolerance_is_hard=data.get("tolerance_is_hard", True),
        crime_severity=data.get("crime_severity", {}),
        time_limit_s=data.get("time_limit_s", 60.0),
        num_workers=data.get("num_workers", 2),
        rules=E.PlanningRules.from_dict(data.get("rules")),
    )


def workload_bands(solution: E.Solution, tolerance: float) -> dict[str, list[float]]:
    """Each district's band: mean workload of its officers +/- the tolerance."""
    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    for p in solution.officers:
        totals[p.district] = totals.get(p.district, 0.0) + p.workload
        counts[p.district] = counts.get(p.district, 0) + 1
    return {
        code: [
            round(totals[code] / counts[code] * (1 - tolerance), 3),
            round(totals[code] / counts[code] * (1 + tolerance), 3),
        ]
        for code in totals
    }


def plan_document(solution: E.Solution, settings: E.PlanSettings) -> dict[str, Any]:
    doc = solution.to_dict()
    by_code = {d.code: d for d in solution.districts}
    for d in doc["districts"]:
        plan = by_code[d["code"]]
        d["minimum"] = plan.minimum
        d["maximum"] = plan.maximum
        d["notes"] = list(plan.demand.notes)
    doc["format"] = PLAN_FORMAT
    doc["method"]["default"] = E.DEFAULT_METHOD
    doc["method"]["default_why"] = E.DEFAULT_METHOD_REASON
    doc["method"]["is_default"] = doc["method"]["name"] == E.DEFAULT_METHOD
    doc["weights"] = asdict(settings.weights)
    doc["tolerance"] = settings.workload_tolerance
    doc["max_schools_per_officer"] = settings.max_schools_per_officer
    doc["rules"] = settings.rules.to_dict()
    doc["workload_bands"] = workload_bands(solution, settings.workload_tolerance)
    doc["constables"] = sum(d.officers for d in solution.districts)
    doc["sergeants_total"] = sum(s.sergeants for s in solution.sergeants)
    doc["adopted"] = False
    return doc


def solution_from_document(doc: dict[str, Any]) -> E.Solution:
    """The engine Solution a saved plan document describes (for redeployment)."""
    districts = tuple(
        E.DistrictPlan(
            code=d["code"],
            name=d["name"],
            division=d["division"],
            officers=d["officers"],
            schools=d["schools"],
            demand=E.DistrictDemand(
                d["code"],
                d["name"],
                d["demand_share"],
                {k: E.FactorValue(v["raw"], v["share"]) for k, v in d["factors"].items()},
                tuple(d.get("notes", ())),
            ),
            minimum=d.get("minimum", 1 if d["schools"] else 0),
            maximum=d.get("maximum", d["schools"]),
            sentence=d["explanation"],
        )
        for d in doc["districts"]
    )
    officers = tuple(
        E.OfficerPatch(
            o["id"], o["district"], tuple(o["schools"]), o["base"], o["workload"], o["travel_km"]
        )
        for o in doc["officers"]
    )
    s = doc["solve"]
    return E.Solution(
        districts=districts,
        officers=officers,
        assignment={x["urn"]: x["officer"] for x in doc["schools"]},
        sergeants=tuple(
            E.DivisionSergeants(x["division"], x["constables"], x["sergeants"])
            for x in doc["sergeants"]
        ),
        roles=tuple(E.Role(r["role"], r["count"], r["responsibility"]) for r in doc["roles"]),
        method=E.MethodChoice(doc["method"]["name"], doc["method"]["why"]),
        report=E.SolveReport(s["status"], s["objective"], s["bound"], s["gap"], s["seconds"]),
        school_names={x["urn"]: x["name"] for x in doc["schools"]},
        school_districts={x["urn"]: x["district"] for x in doc["schools"]},
        penalties=tuple(
            E.Penalty(p["rule"], p["amount"], p["unit"], tuple(p["details"]))
            for p in doc.get("penalties", ())
        ),
        warnings=tuple(doc.get("warnings", ())),
    )


def scenario_document(
    result: E.RedeploymentResult, before: E.Solution, settings: E.PlanSettings
) -> dict[str, Any]:
    """What a redeployment costs: who goes, which schools lose their officer and who covers,
    each district's coverage before and after, and the workloads during the period."""
    during = result.plan
    kept = sum(1 for u, o in before.assignment.items() if during.assignment.get(u) == o)
    return {
        "format": SCENARIO_FORMAT,
        "start": result.scenario.start.isoformat(),
        "end": result.scenario.end.isoformat(),
        "reason": result.scenario.reason,
        "removed": list(result.removed),
        "affected": [
            {
                "urn": a.urn,
                "name": a.name,
                "district": a.district,
                "old_officer": a.old_officer,
                "new_officer": a.new_officer,
            }
            for a in result.affected
        ],
        "schools_keeping_officer": kept,
        "coverage": [
            {
                "district": c.district,
                "name": c.name,
                "schools": c.schools,
                "officers_before": c.officers_before,
                "officers_after": c.officers_after,
                "schools_per_officer_before": _ratio(c.schools, c.officers_before),
                "schools_per_officer_after": _ratio(c.schools, c.officers_after),
            }
            for c in result.coverage
        ],
        "max_workload_before": round(max((p.workload for p in before.officers), default=0), 3),
        "max_workload_after": round(max((p.workload for p in during.officers), default=0), 3),
        "officers": [
            {
                "id": p.officer,
                "district": p.district,
                "schools": list(p.schools),
                "workload": round(p.workload, 3),
            }
            for p in during.officers
        ],
        "penalties": [
            {
                "rule": p.rule,
                "amount": round(p.amount, 3),
                "unit": p.unit,
                "details": list(p.details),
            }
            for p in during.penalties
        ],
        "solve": during.report.to_dict(),
        "warnings": list(during.warnings),
        "tolerance": settings.workload_tolerance,
    }


def _ratio(schools: int, officers: int) -> float | None:
    return round(schools / officers, 2) if officers else None
