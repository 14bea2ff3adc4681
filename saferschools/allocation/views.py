"""Plan pages. Views parse, check, call a service or selector, and render.

The inspector makes, adopts and commits; sergeants and the performance co-ordinator read;
nobody else sees plans (403, audited). Planning runs in the request (a few seconds for Kent);
`saferschools plan` does the same from a terminal.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_denied
from saferschools.accounts.permissions import found_or_404, role_required
from saferschools.core.forms import refusals_on
from saferschools.core.pages import done, refusals_shown, section
from saferschools.estate.models import District

from . import calibration, charts, permissions, planning, selectors, services, wording
from . import engine as E
from .forms import CalibrationForm, PlanForm, ScenarioForm, SeverityForm, plan_settings
from .models import CrimeSeverity, Plan, Scenario

READERS = tuple(sorted(permissions.PLAN_READERS))
WRITERS = tuple(sorted(permissions.PLAN_WRITERS))

FACTOR_ORDER = ("crime", "schools", "fsm_pupils", "imd", "pupils")


PLANS = section(("Plans", "allocation:plan_list"))


def _plan_or_404(request: HttpRequest, pk: int) -> Plan:
    plan = selectors.plan_get(user=request.user, pk=pk)
    return found_or_404(request, plan, record_type="allocation.Plan", record_id=pk)


def _scenario_or_404(request: HttpRequest, pk: int) -> Scenario:
    scenario = selectors.scenario_get(user=request.user, pk=pk)
    return found_or_404(request, scenario, record_type="allocation.Scenario", record_id=pk)


# --------------------------------------------------------------------------- plans


@role_required(*READERS)
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "allocation/plan_list.html",
        {
            "page_title": "Plans",
            "breadcrumbs": PLANS.crumbs(),
            "plans": selectors.plan_list(user=request.user)[:100],
            "adopted": selectors.adopted_plan(),
            "can_write": permissions.can_write_plans(request.user),
        },
    )


def _plan_form_initial() -> dict[str, Any]:
    """The form starts from the force's saved defaults (calibrated weights, method, rules)."""
    try:
        weights, method, rules = planning.force_defaults(planning.force_for_planning())
    except E.AllocationError:
        return {}
    names = dict(District.objects.values_list("code", "name"))

    def pairs(mapping: dict[str, int]) -> str:
        return ", ".join(f"{names.get(k, k)}={v}" for k, v in sorted(mapping.items()))

    return {
        "method": method,
        "crime": weights.crime,
        "schools": weights.schools,
        "deprivation": weights.deprivation,
        "pupils": weights.pupils,
        "pinned": pairs(dict(rules.pinned)),
        "minimum": pairs(dict(rules.min_constables)),
        "maximum": pairs(dict(rules.max_constables)),
        "min_sergeants": pairs(dict(rules.min_sergeants)),
        "max_span": rules.max_span,
        "types": sorted(rules.named_groups),
    }


@role_required(*WRITERS)
def plan_create(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None, initial=_plan_form_initial())
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                **plan_settings(form.cleaned_data),
                rules=form.rules(),
                weights=form.weights(),
                acting_user=request.user,
                request=request,
            )
        except E.AllocationError as exc:
            problem = str(exc)
            form.add_error(None, problem)
        else:
            return done(
                request,
                f"Draft plan made: {plan.name}. Check it, then adopt it.",
                "allocation:plan_detail",
                pk=plan.pk,
            )
    return PLANS.page(
        request, "allocation/plan_form.html", "Make a plan", {"form": form, "problem": problem}
    )


def district_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for d in doc.get("districts", []):
        factors = [
            {"name": f, "label": E.FACTOR_LABELS.get(f, f), **d["factors"][f]}
            for f in FACTOR_ORDER
            if f in d.get("factors", {})
        ]
        rows.append({**d, "factor_list": factors})
    return rows


RULE_LABELS = {
    "school_cap": "School cap per officer",
    "district_minimum": "District minimum",
    "district_maximum": "District maximum",
    "district_pinned": "Pinned district",
    "seven_day_supervision": "Seven-day supervision by a sergeant",
    "division_sergeant_minimum": "Sergeants per division",
    "span_of_control": "Span of control",
    "workload_against_force_mean": "Workload against the force's mean",
    "workload_within_tolerance": "Workload within the tolerance",
}


def rule_breaks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's broken rules (named penalties above zero), labelled for people."""
    return [
        {**p, "label": RULE_LABELS[p["rule"]]}
        for p in doc.get("penalties", [])
        if p["rule"] in RULE_LABELS and p["amount"] > 0
    ]


@role_required(*READERS)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    doc = plan.result
    names = {d["code"]: d["name"] for d in doc.get("districts", [])}
    officers_by_id = {o["id"]: o for o in doc.get("officers", [])}
    colours = charts.officer_colours(doc)
    people = wording.officer_names(list(officers_by_id))
    schools = [
        {**s, "colour": colours.get(s["officer"], ""), "district_name": names.get(s["district"])}
        for s in sorted(
            doc.get("schools", []), key=lambda s: (names.get(s["district"], ""), s["name"])
        )
    ]
    officers = sorted(
        (
            {
                **o,
                "colour": colours.get(o["id"], ""),
                "district_name": names.get(o["district"]),
                "name": people.get(o["id"], ""),
            }
            for o in doc.get("officers", [])
        ),
        key=lambda o: (o["district_name"] or "", o["id"]),
    )
    legend: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in officers:
        legend[o["district_name"] or o["district"]].append(o)
    workloads = [o["workload"] for o in doc.get("officers", [])]
    scenarios = list(selectors.scenario_list(user=request.user, plan=plan))
    factor_labels = [(f, E.FACTOR_LABELS[f]) for f in FACTOR_ORDER]
    return PLANS.page(
        request,
        "allocation/plan_detail.html",
        plan.name,
        {
            "plan": plan,
            "doc": doc,
            "rule_breaks": rule_breaks(doc),
            "districts": district_rows(doc),
            "factor_labels": factor_labels,
            "schools": schools,
            "officers": officers,
            "legend": sorted(legend.items()),
            "officers_by_id": officers_by_id,
            "district_names": names,
            "map_svg": charts.plan_map(doc, plan.inputs, officer_names=people),
            "workload_svg": charts.workload_chart(
                [{**o, "name": people.get(o["id"], "")} for o in doc.get("officers", [])],
                doc.get("workload_bands", {}),
                names,
            ),
            "max_workload": max(workloads, default=0),
            "min_workload": min(workloads, default=0),
            "scenarios": scenarios,
            "comparison": comparison(scenarios),
            "can_write": permissions.can_write_plans(request.user),
            "weights": doc.get("weights", {}),
        },
    )


@require_POST
@role_required(*WRITERS)
def plan_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    with refusals_shown(request, E.AllocationError, prefix="The plan was not adopted: "):
        out = services.plan_adopt(plan=plan, acting_user=request.user, request=request)
        messages.success(request, out.as_text())
    return redirect("allocation:plan_detail", pk=plan.pk)


@role_required(*READERS)
def plan_document(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    response = JsonResponse(plan.result, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}.json"'
    return response


# --------------------------------------------------------------------------- scenarios


def comparison(scenarios: list[Scenario]) -> dict[str, Any]:
    """Scenarios side by side: one column each; rows for officers removed, schools losing their
    officer, largest workload and each district's officers after."""
    if not scenarios:
        return {}
    districts: dict[str, str] = {}
    before: dict[str, int] = {}
    for s in scenarios:
        for c in s.result.get("coverage", []):
            districts.setdefault(c["district"], c["name"])
            before.setdefault(c["district"], c["officers_before"])
    rows = []
    for code, name in sorted(districts.items(), key=lambda kv: kv[1]):
        cells = []
        for s in scenarios:
            c = next((c for c in s.result.get("coverage", []) if c["district"] == code), None)
            change = (c["officers_after"] - c["officers_before"]) if c else 0
            cells.append({"after": c["officers_after"] if c else None, "change": change})
        rows.append({"name": name, "before": before.get(code), "cells": cells})
    return {"scenarios": scenarios, "districts": rows}


@role_required(*WRITERS)
def scenario_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    form = ScenarioForm(request.POST or None, plan_result=plan.result)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusals_on(form, E.AllocationError):
            scenario = services.scenario_create(
                plan=plan,
                name=d["name"],
                start=d["start"],
                end=d["end"],
                remove_count=d.get("remove_count") or 0,
                officer_ids=d["officer_list"],
                reason=d["reason"],
                acting_user=request.user,
                request=request,
            )
            return done(
                request,
                f"Scenario saved: {scenario.name}.",
                "allocation:scenario_detail",
                pk=scenario.pk,
            )
    return PLANS.page(
        request,
        "allocation/scenario_form.html",
        "Plan a redeployment",
        {"plan": plan, "form": form, "officers": wording.plan_officer_choices(plan.result)},
        (plan.name, reverse("allocation:plan_detail", args=[plan.pk])),
    )


@role_required(*READERS)
def scenario_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    scenarios = list(selectors.scenario_list(user=request.user, plan=plan))
    wanted = {int(x) for x in request.GET.getlist("s") if x.isdigit()}
    if wanted:
        scenarios = [s for s in scenarios if s.pk in wanted]
    return PLANS.page(
        request,
        "allocation/scenario_compare.html",
        f"Scenarios of {plan.name}",
        {"plan": plan, "comparison": comparison(scenarios)},
        (plan.name, reverse("allocation:plan_detail", args=[plan.pk])),
        ("Compare scenarios", None),
    )


@role_required(*READERS)
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario_or_404(request, pk)
    doc = scenario.result
    plan = scenario.plan
    names = {d["code"]: d["name"] for d in plan.result.get("districts", [])}
    bands = plan.result.get("workload_bands", {})
    ids = {o["id"] for o in doc.get("officers", [])} | set(doc.get("removed", []))
    ids |= {a.get("old_officer", "") for a in doc.get("affected", [])}
    people = wording.officer_names(ids)
    return PLANS.page(
        request,
        "allocation/scenario_detail.html",
        scenario.name,
        {
            "scenario": scenario,
            "plan": plan,
            "doc": doc,
            "district_names": names,
            "summary": wording.scenario_summary(doc, names, people),
            "removed": [wording.name_of(o, people) for o in doc.get("removed", [])],
            "affected": [
                {
                    **a,
                    "district_name": names.get(a.get("district", ""), a.get("district", "")),
                    "old_name": wording.name_of(a.get("old_officer", ""), people),
                    "new_name": wording.name_of(a.get("new_officer", ""), people),
                }
                for a in doc.get("affected", [])
            ],
            "penalties": wording.penalty_sentences(doc.get("penalties", []), people),
            "changed": [
                c for c in doc.get("coverage", []) if c["officers_before"] != c["officers_after"]
            ],
            "workload_svg": charts.workload_chart(
                [{**o, "name": wording.name_of(o["id"], people)} for o in doc.get("officers", [])],
                bands,
                names,
                title="Workload of each officer during the redeployment",
            ),
            "can_commit": permissions.can_write_plans(request.user)
            and scenario.committed_at is None
            and plan.status == Plan.Status.ADOPTED,
            "letters": selectors.scenario_letters(scenario),
        },
        (plan.name, reverse("allocation:plan_detail", args=[plan.pk])),
    )


@require_POST
@role_required(*WRITERS)
def scenario_commit(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario_or_404(request, pk)
    with refusals_shown(request, E.AllocationError, prefix="The scenario was not committed: "):
        n = services.scenario_commit(scenario=scenario, acting_user=request.user, request=request)
        messages.success(
            request,
            f"Committed: {n} school(s) have a cover officer from {scenario.start:%d %B %Y} to "
            f"{scenario.end:%d %B %Y}; their headteachers and safeguarding leads have been sent "
            "their letters.",
        )
    return redirect("allocation:scenario_detail", pk=scenario.pk)


@role_required(*READERS)
def scenario_letters(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = _scenario_or_404(request, pk)
    return PLANS.page(
        request,
        "allocation/scenario_letters.html",
        f"Letters: {scenario.name}",
        {"scenario": scenario, "letters": selectors.scenario_letters(scenario)},
        (scenario.plan.name, reverse("allocation:plan_detail", args=[scenario.plan.pk])),
        (scenario.name, reverse("allocation:scenario_detail", args=[scenario.pk])),
        ("Letters", None),
    )


# --------------------------------------------------------------------------- severity


@role_required(*READERS)
def severity(request: HttpRequest) -> HttpResponse:
    can_write = permissions.can_write_plans(request.user)
    form = SeverityForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if not can_write:
            return _forbidden(request)
        assert form is not None
        if form.is_valid():
            with refusals_on(form, E.AllocationError):
                services.severity_set(
                    weights={form.cleaned_data["crime_type"]: form.cleaned_data["weight"]},
                    acting_user=request.user,
                    request=request,
                )
                return done(
                    request, "Crime severity saved; it applies to new plans.", "allocation:severity"
                )
    return PLANS.page(
        request,
        "allocation/severity.html",
        "Crime severity",
        {
            "rows": CrimeSeverity.objects.all(),
            "form": form,
            "can_write": can_write,
            "crime_types": selectors.recorded_crime_types(),
        },
    )


def _forbidden(request: HttpRequest) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    from saferschools.accounts.permissions import _deny

    _deny(request, "only the inspector may change the crime severity table")
    raise PermissionDenied("Only the inspector may change the crime severity table.")


# --------------------------------------------------------------------------- calibration


@role_required(*READERS)
def calibrate(request: HttpRequest) -> HttpResponse:
    """Fit the weights and method to today's allocation; the inspector may save them as the
    force's default (POST action=save)."""
    form = CalibrationForm(request.POST or None)
    fit = None
    can_write = permissions.can_write_plans(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            result = calibration.calibration_run(
                csv_text=form.cleaned_data["current"],
                constables=form.cleaned_data["constables"],
            )
            if request.POST.get("action") == "save":
                if not can_write:
                    audit_denied(request=request, record_type="allocation.ForcePlanning")
                    raise PermissionDenied("Only the inspector can change the force's defaults.")
                calibration.calibration_save(
                    calibration=result, acting_user=request.user, request=request
                )
                return done(
                    request,
                    "Calibrated weights and method saved: new plans start from them. "
                    + result.summary(),
                    "allocation:plan_list",
                )
            fit = result.to_dict()
        except E.AllocationError as exc:
            form.add_error("current", str(exc))
    return PLANS.page(
        request,
        "allocation/calibrate.html",
        "Calibrate to today's allocation",
        {"form": form, "fit": fit, "can_write": can_write},
        ("Calibrate", None),
    )
