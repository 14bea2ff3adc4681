"""A force's planning defaults and rules (Django side of `engine.rules`).

* `force_for_planning` — which force a plan is for: the one named, else the only force whose
  districts belong to a division (several loaded forces need a name: nothing is planned across
  forces by accident).
* `force_defaults` — the force's saved default weights, method and planning rules
  (`ForcePlanning`), or the documented defaults.
* `force_defaults_save` — save them (with an audit entry), e.g. after calibration.
* `parse_counts` / `rules_from_options` — the planner's words ("E07000114=7, E07000112=3") as
  rules; bad input is a clear `engine.InvalidInputError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, replace
from typing import Any, TypedDict, Unpack

from django.db import transaction

from saferschools.accounts.choices import Action
from saferschools.core.fields import stamp_of
from saferschools.estate import rules as estate_rules
from saferschools.estate.models import District, Force

from . import engine as E
from .models import ForcePlanning
from .permissions import require_writer
from .services.actors import audit
from .services.plans import parse_pairs


def forces_with_districts() -> list[Force]:
    """Forces that have districts in a division (the ones that can be planned)."""
    return list(
        Force.objects.filter(divisions__districts__isnull=False).distinct().order_by("name")
    )


def force_for_planning(name: str | None = None) -> Force | None:
    """The force a plan is for (see the module docstring); None when no force is loaded."""
    forces = forces_with_districts()
    if name:
        match = [f for f in forces if f.name.lower() == name.strip().lower()]
        if not match:
            known = ", ".join(f.name for f in forces) or "none"
            raise E.InvalidInputError(f"No force called {name!r} is loaded (loaded: {known}).")
        return match[0]
    if len(forces) > 1:
        raise E.InvalidInputError(
            f"{len(forces)} forces are loaded ({', '.join(f.name for f in forces[:5])}"
            + (", ..." if len(forces) > 5 else "")
            + "): say which force to plan (--force NAME), or plan them all with "
            "`saferschools plan-england`."
        )
    return forces[0] if forces else None


def rostering_rest_days() -> int:
    """Rest days a week under the force's rostering rules (seven-day supervision is checked
    against them: a sergeant works at most 7 minus this many days)."""
    from saferschools.rostering.models import RosterRules

    return RosterRules.current().rest_days_per_week


def force_defaults(force: Force | None) -> tuple[E.DemandWeights, str, E.PlanningRules]:
    """The force's default weights, method and rules (documented defaults when none saved);
    the rest days always come from the rostering rules in force."""
    rest = rostering_rest_days()
    saved = ForcePlanning.objects.filter(force=force).first() if force is not None else None
    if saved is None:
        return E.DemandWeights(), E.DEFAULT_METHOD, E.PlanningRules(rest_days_per_week=rest)
    weights = E.DemandWeights(**saved.weights) if saved.weights else E.DemandWeights()
    rules = replace(E.PlanningRules.from_dict(saved.rules), rest_days_per_week=rest)
    return weights, saved.method or E.DEFAULT_METHOD, rules


@transaction.atomic
def force_defaults_save(
    *,
    force: Force,
    acting_user: Any,
    weights: E.DemandWeights | None = None,
    method: str | None = None,
    rules: E.PlanningRules | None = None,
    calibration: Mapping[str, Any] | None = None,
    request: Any = None,
) -> ForcePlanning:
    """Save the force's default weights / method / rules (only those given change)."""
    require_writer(acting_user, "change the force's planning defaults")
    saved, _ = ForcePlanning.objects.select_for_update().get_or_create(force=force)
    changed = []
    if weights is not None:
        saved.weights = asdict(weights)
        changed.append("weights")
    if method is not None:
        saved.method = E.canonical_method(method)
        changed.append("method")
    if rules is not None:
        saved.rules = rules.to_dict()
        changed.append("rules")
    if calibration is not None:
        saved.calibration = dict(calibration)
        changed.append("calibration")
    saved.updated_by = stamp_of(acting_user)
    saved.save()
    audit(
        acting_user,
        Action.CHANGE,
        saved,
        request=request,
        details={"fields": changed, "method": saved.method, "weights": saved.weights},
    )
    return saved


def parse_counts(text: str | Mapping[str, Any] | None, *, what: str) -> dict[str, int]:
    """ "E07000114=7, E07000112=3" (or a dict) as {code: 7, ...}; names must be whole numbers."""
    if not text:
        return {}
    pairs = parse_pairs(
        text,
        not_a_pair=lambda part: f"{what}: {part!r} is not CODE=NUMBER (e.g. E07000114=7).",
        separators=",;\n",
    )
    return {key: whole_count(value, f"{what}: {key}") for key, value in pairs.items()}


def whole_count(value: Any, label: str) -> int:
    """`value` as a count: a whole number, not negative; else an `InvalidInputError` that
    names it by `label` (where the planner wrote it)."""
    try:
        number = int(str(value))
    except ValueError:
        raise E.InvalidInputError(f"{label} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise E.InvalidInputError(f"{label} cannot be negative.")
    return number


def _district_code(key: str, by_name: Mapping[str, str]) -> str:
    return by_name.get(key.strip().lower(), key.strip())


class RuleChanges(TypedDict, total=False):
    """The planner's changes to a force's planning rules, in their words (as on the command
    line: `pinned="E07000114=7"`); what is left out stays as the force saved it."""

    pinned: str
    minimum: str
    maximum: str
    min_sergeants: str
    max_span: float | None


def rules_for_force(
    *, force: str | None = None, types: str = "", **changes: Unpack[RuleChanges]
) -> E.PlanningRules:
    """The force's saved planning rules with the planner's changes, in the planner's words
    (what `saferschools plan` is given, here or as a background job); `types` names the
    school groups planned for, comma-separated."""
    base = force_defaults(force_for_planning(force))[2]
    return rules_from_options(base=base, groups=types.split(",") if types else None, **changes)


def rules_from_options(
    *,
    base: E.PlanningRules | None = None,
    pinned: str | Mapping[str, Any] | None = None,
    minimum: str | Mapping[str, Any] | None = None,
    maximum: str | Mapping[str, Any] | None = None,
    min_sergeants: str | Mapping[str, Any] | None = None,
    max_span: float | None = None,
    groups: Iterable[str] | None = None,
) -> E.PlanningRules:
    """Planning rules from a planner's options (district names or codes both accepted)."""
    rules = base or E.PlanningRules(rest_days_per_week=rostering_rest_days())
    by_name = {n.lower(): c for c, n in District.objects.values_list("code", "name")}

    def codes(counts: dict[str, int]) -> dict[str, int]:
        return {_district_code(k, by_name): v for k, v in counts.items()}

    changes: dict[str, Any] = {}
    if pinned:
        changes["pinned"] = codes(parse_counts(pinned, what="Pinned districts"))
    if minimum:
        changes["min_constables"] = codes(parse_counts(minimum, what="District minimums"))
    if maximum:
        changes["max_constables"] = codes(parse_counts(maximum, what="District maximums"))
    if min_sergeants:
        changes["min_sergeants"] = parse_counts(min_sergeants, what="Sergeants per division")
    if max_span is not None:
        if max_span <= 0:
            raise E.InvalidInputError("The largest span of control must be above zero.")
        changes["max_span"] = float(max_span)
    if groups is not None:
        try:
            changes["named_groups"] = estate_rules.check_groups(groups)
        except ValueError as exc:
            raise E.InvalidInputError(str(exc)) from None
    return replace(rules, **changes)
