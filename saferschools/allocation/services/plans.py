"""Make plans: demand settings from a planner's input, solve, save a draft with its inputs;
the crime severity table the demand reads."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Action
from saferschools.core.fields import stamp_of

from .. import engine as E
from .. import selectors
from ..documents import (
    plan_document,
    settings_to_inputs,
)
from ..models import CrimeSeverity, Plan
from ..permissions import require_writer
from .actors import audit

WEIGHT_NAMES = ("crime", "schools", "deprivation", "pupils")


def parse_pairs(
    text: str | Mapping[str, Any],
    *,
    not_a_pair: Callable[[str], str],
    separators: str = ",",
    lower: bool = False,
) -> dict[str, Any]:
    """A planner's "NAME=VALUE, NAME=VALUE" (or a dict, taken as it is) as {name: value}, the
    values still text. Parts are split at any of `separators`; names are lower-cased when
    `lower`. A part with no "=" is refused, saying `not_a_pair(part)`."""
    if not isinstance(text, str):
        return dict(text)
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    pairs: dict[str, Any] = {}
    for part in text.split(separators[0]):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise E.InvalidInputError(not_a_pair(part))
        key, value = part.split("=", 1)
        pairs[key.strip().lower() if lower else key.strip()] = value.strip()
    return pairs


def parse_weights(text: str | Mapping[str, Any] | None) -> E.DemandWeights:
    """`crime=1,schools=1,deprivation=1,pupils=1` (or a dict) as DemandWeights.

    Factors not given keep their default (1). Unknown names and non-numbers are refused.
    """
    if not text:
        return E.DemandWeights()
    pairs = parse_pairs(
        text,
        not_a_pair=lambda part: (
            f"Weight {part!r} is not NAME=NUMBER (e.g. crime=1,schools=1,deprivation=1,pupils=1)."
        ),
        lower=True,
    )
    known = {*WEIGHT_NAMES, "fsm_fraction"}
    unknown = sorted(set(pairs) - known)
    if unknown:
        raise E.InvalidInputError(
            f"Unknown demand factor(s): {', '.join(unknown)}. The factors are "
            f"{', '.join(WEIGHT_NAMES)}."
        )
    values: dict[str, float] = {}
    for key, value in pairs.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise E.InvalidInputError(
                f"The weight of {key} must be a number, not {value!r}."
            ) from None
        if not math.isfinite(number) or number < 0:
            raise E.InvalidInputError(f"The weight of {key} must be zero or more.")
        values[key] = number
    weights = E.DemandWeights(**values)
    if not any(getattr(weights, k) > 0 for k in WEIGHT_NAMES):
        raise E.InvalidInputError("At least one demand factor needs a weight above zero.")
    return weights


def build_settings(
    *,
    method: str = E.DEFAULT_METHOD,
    weights: str | Mapping[str, Any] | E.DemandWeights | None = None,
    tolerance: float = 0.25,
    max_schools: int = 6,
    time_limit_s: float = 60.0,
    bend_tolerance: bool = False,
    rules: E.PlanningRules | None = None,
) -> E.PlanSettings:
    name = E.canonical_method(method or E.DEFAULT_METHOD)
    if not isinstance(weights, E.DemandWeights):
        weights = parse_weights(weights)
    if tolerance is None or not 0 <= tolerance < 10:
        raise E.InvalidInputError(
            "The workload tolerance must be between 0 and 10 (0.25 means each officer's "
            "workload within 25% of their district's mean)."
        )
    if max_schools is None or max_schools < 1:
        raise E.InvalidInputError("The most schools per officer must be at least 1.")
    return E.PlanSettings(
        method=name,
        weights=weights,
        max_schools_per_officer=max_schools,
        workload_tolerance=tolerance,
        crime_severity=selectors.severity_table(),
        time_limit_s=time_limit_s,
        tolerance_is_hard=not bend_tolerance,
        rules=rules or E.PlanningRules(),
    )


def plan_create(
    *,
    constables: int,
    sergeants: int,
    acting_user: Any,
    name: str = "",
    method: str | None = None,
    weights: str | Mapping[str, Any] | E.DemandWeights | None = None,
    tolerance: float = 0.25,
    max_schools: int = 6,
    stable: bool = True,
    time_limit_s: float = 60.0,
    bend_tolerance: bool = False,
    rules: E.PlanningRules | None = None,
    force: str | None = None,
    request: Any = None,
) -> Plan:
    """Plan the force from the estate tables and save a draft (see module docstring).
    `bend_tolerance`: where no split keeps every workload within the tolerance, plan anyway
    and report by how much each district bent it (a named penalty). Weights, method and rules
    not given are the force's defaults (`planning.force_defaults`: calibrated, or documented).
    `force` names the force when several are loaded."""
    require_writer(acting_user, "make plans")
    from ..planning import force_defaults, force_for_planning

    the_force = force_for_planning(force)
    default_weights, default_method, default_rules = force_defaults(the_force)
    if not weights:
        weights = default_weights
    method = method or default_method
    rules = rules or default_rules
    settings = build_settings(
        method=method,
        weights=weights,
        tolerance=tolerance,
        max_schools=max_schools,
        time_limit_s=time_limit_s,
        bend_tolerance=bend_tolerance,
        rules=rules,
    )
    if sergeants is None or sergeants < 0:
        raise E.InvalidInputError("The number of sergeants cannot be negative.")
    instance, notes = selectors.instance_from_db(
        constables=constables, sergeants=sergeants, force=the_force, groups=rules.named_groups
    )
    if not instance.districts or not instance.schools:
        raise E.InvalidInputError(
            "No establishments that get a named officer are loaded for the force's districts: "
            "load an area first (saferschools load-area or load-demo)."
        )
    previous = None
    if stable:
        urns = {s.urn for s in instance.schools}
        previous = {u: o for u, o in selectors.current_assignment().items() if u in urns} or None
    return plan_save(
        instance=instance,
        settings=settings,
        previous=previous,
        name=name,
        notes=notes,
        acting_user=acting_user,
        request=request,
    )


def plan_save(
    *,
    instance: E.Instance,
    settings: E.PlanSettings,
    acting_user: Any,
    previous: Mapping[str, str] | None = None,
    name: str = "",
    notes: Iterable[str] = (),
    request: Any = None,
) -> Plan:
    """Solve `instance` and save the draft plan with its inputs (used by `plan_create`)."""
    require_writer(acting_user, "make plans")
    t0 = time.perf_counter()
    solution = E.plan(instance, settings, previous)
    wall = time.perf_counter() - t0
    doc = plan_document(solution, settings)
    doc["notes"] = list(notes)
    doc["stable_against"] = len(previous or {})
    doc["wall_seconds"] = round(wall, 3)
    r = solution.report
    with transaction.atomic():
        plan = Plan.objects.create(
            name=name
            or f"{instance.constables} constables, {solution.method.name.replace('_', '-')}, "
            f"{timezone.localtime():%d %b %Y %H:%M}",
            created_by=stamp_of(acting_user),
            method=solution.method.name,
            officers=instance.constables,
            sergeants=instance.sergeants,
            inputs={
                "settings": settings_to_inputs(settings),
                "previous": dict(previous or {}),
                "instance": selectors.instance_to_inputs(instance),
            },
            result=doc,
            **Plan.columns_of(r),
        )
        audit(
            acting_user,
            Action.CREATE,
            plan,
            request=request,
            details={
                "constables": instance.constables,
                "sergeants": instance.sergeants,
                "method": solution.method.name,
                "status": r.status,
                "gap": round(r.gap, 6),
            },
        )
    return plan


@transaction.atomic
def severity_set(
    *, weights: Mapping[str, float], acting_user: Any, request: Any = None
) -> list[CrimeSeverity]:
    """Set the harm weight of each crime type given (0 or more)."""
    require_writer(acting_user, "change the crime severity table")
    out = []
    for crime_type, weight in weights.items():
        crime_type = crime_type.strip()
        if not crime_type:
            continue
        if weight is None or not math.isfinite(weight) or weight < 0:
            raise E.InvalidInputError(f"The weight of {crime_type} must be zero or more.")
        row, _ = CrimeSeverity.objects.update_or_create(
            crime_type=crime_type, defaults={"weight": weight}
        )
        out.append(row)
    audit_record(
        user=acting_user,
        action=Action.CHANGE,
        record_type="allocation.CrimeSeverity",
        request=request,
        details={"weights": dict(weights)},
    )
    return out
