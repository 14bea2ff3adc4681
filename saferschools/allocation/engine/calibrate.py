"""Calibration: the demand weights and method that reproduce a force's current allocation.

Given the constables each district has today (all districts, or some: a partial allocation),
find non-negative weights of the five demand columns (recorded crime, schools, pupils on free
school meals, neighbourhood deprivation, pupils) and an apportionment method whose plan gives
the same numbers, or as close as possible, and say how close.

Why a linear programme is enough. A district's demand share is linear in the weights
(``share_d = sum_f w_f a_fd / sum_f w_f``, ``a_fd`` its share of factor ``f``), and a divisor
method gives district ``d`` exactly ``c_d`` constables when ``share_d / D`` lies in the method's
rounding interval for ``c_d`` (Webster: ``[c - 1/2, c + 1/2]``; Huntington-Hill:
``[sqrt((c-1)c), sqrt(c(c+1))]``) for a common divisor ``D``. Folding ``1/D`` into the weights
(``v = w / (D sum w)``) makes every condition linear in ``v``. So, per method, one LP (HiGHS)
minimises the total amount by which districts miss their interval, then, keeping that, pushes
every district as far inside its interval as it can (so rounding the result cannot tip a
district over an edge). Districts at their minimum or maximum (school cap, force rules) need
only one side; pinned districts need none. Hamilton has no free divisor (quota = ``T x share``)
and gets the same treatment with ``sum v = T``. Every candidate is then checked by running the
product's own apportionment (:func:`~.breaks.district_officers`) with the fitted weights; the
method with fewest districts differing wins (ties: fewest officers differing, then Webster).

An allocation the product made itself with known weights always has an exact fit (its weights
satisfy the LP with nothing to spare), so calibration recovers it exactly: the test suite checks.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .apportion import DEFAULT_METHOD, METHODS, canonical_method
from .breaks import district_officers, place_sergeants_by_rules
from .demand import (
    FACTOR_CRIME,
    FACTOR_FSM,
    FACTOR_IMD,
    FACTOR_LABELS,
    FACTOR_PUPILS,
    FACTOR_SCHOOLS,
    district_demand,
)
from .errors import InvalidInputError
from .highs import new_highs
from .highs import run as run_highs
from .model import DemandWeights, Instance, PlanSettings

COLUMNS = (FACTOR_CRIME, FACTOR_SCHOOLS, FACTOR_FSM, FACTOR_IMD, FACTOR_PUPILS)

METHOD_LABELS = {
    "webster": "Webster (Sainte-Lague)",
    "hamilton": "largest remainder (Hamilton)",
    "huntington_hill": "Huntington-Hill",
}


@dataclass(frozen=True)
class CalibratedDistrict:
    code: str
    name: str
    division: str
    current: int | None
    calibrated: int
    quota: float
    reason: str

    @property
    def differs(self) -> bool:
        return self.current is not None and self.current != self.calibrated


@dataclass(frozen=True)
class CalibratedDivision:
    division: str
    current: int | None
    calibrated: int
    constables: int
    reason: str


@dataclass(frozen=True)
class Calibration:
    """The fit: weights, method, each district current vs calibrated with the reason in words."""

    weights: DemandWeights
    method: str
    districts: tuple[CalibratedDistrict, ...]
    divisions: tuple[CalibratedDivision, ...]
    constables: int
    tried: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def districts_differing(self) -> int:
        return sum(1 for d in self.districts if d.differs)

    @property
    def officers_differing(self) -> int:
        return sum(abs((d.current or 0) - d.calibrated) for d in self.districts if d.differs)

    @property
    def exact(self) -> bool:
        return self.districts_differing == 0

    def summary(self) -> str:
        given = sum(1 for d in self.districts if d.current is not None)
        if self.exact:
            return (
                f"Exact: with these weights and {METHOD_LABELS[self.method]} the plan gives every "
                f"one of the {given} districts given the number it has today."
            )
        return (
            f"{self.districts_differing} of {given} districts differ, by "
            f"{self.officers_differing} constable(s) in all; the closest fit found "
            f"({METHOD_LABELS[self.method]})."
        )

    def to_dict(self) -> dict[str, Any]:
        w = self.weights
        return {
            "weights": {
                "crime": round(w.crime, 6),
                "schools": round(w.schools, 6),
                "deprivation": round(w.deprivation, 6),
                "pupils": round(w.pupils, 6),
                "fsm_fraction": round(w.fsm_fraction, 6),
            },
            "method": self.method,
            "constables": self.constables,
            "exact": self.exact,
            "districts_differing": self.districts_differing,
            "constables_differing": self.officers_differing,
            "summary": self.summary(),
            "districts": [
                {
                    "code": d.code,
                    "name": d.name,
                    "division": d.division,
                    "current": d.current,
                    "calibrated": d.calibrated,
                    "quota": round(d.quota, 3),
                    "differs": d.differs,
                    "reason": d.reason,
                }
                for d in self.districts
            ],
            "divisions": [
                {
                    "division": v.division,
                    "constables": v.constables,
                    "current_sergeants": v.current,
                    "calibrated_sergeants": v.calibrated,
                    "reason": v.reason,
                }
                for v in self.divisions
            ],
            "methods_tried": list(self.tried),
            "notes": list(self.notes),
        }


def factor_shares(instance: Instance, settings: PlanSettings) -> dict[str, dict[str, float]]:
    """Each district's share of each of the five demand columns (crime, schools, FSM, IMD,
    pupils) as the plan computes them."""
    all_on = DemandWeights(1.0, 1.0, 1.0, 1.0, 0.5)
    demand, _ = district_demand(instance, all_on, settings.crime_severity)
    return {code: {f: d.factors[f].share for f in COLUMNS} for code, d in demand.items()}


def weights_from_columns(v: Mapping[str, float]) -> DemandWeights:
    """Column weights (any scale) as :class:`DemandWeights`, scaled so they add up to 4 like the
    documented default (1 each); small values below 1e-9 of the total count as zero."""
    total = sum(max(0.0, v[f]) for f in COLUMNS)
    if total <= 0:
        raise InvalidInputError("The fit gave every factor a weight of zero.")
    scaled = {f: 4.0 * max(0.0, v[f]) / total for f in COLUMNS}
    scaled = {f: (x if x > 4e-9 else 0.0) for f, x in scaled.items()}
    deprivation = scaled[FACTOR_FSM] + scaled[FACTOR_IMD]
    return DemandWeights(
        crime=scaled[FACTOR_CRIME],
        schools=scaled[FACTOR_SCHOOLS],
        deprivation=deprivation,
        pupils=scaled[FACTOR_PUPILS],
        fsm_fraction=scaled[FACTOR_FSM] / deprivation if deprivation > 0 else 0.5,
    )


def _interval(method: str, c: int) -> tuple[float, float]:
    if method == "huntington_hill":
        return (math.sqrt((c - 1) * c) if c > 0 else 0.0, math.sqrt(c * (c + 1)))
    return (c - 0.5, c + 0.5)


def _fit_lp(
    method: str,
    shares: Mapping[str, Mapping[str, float]],
    targets: Mapping[str, int],
    bounds: Mapping[str, tuple[int, int]],
    total: int,
    free: list[str],
) -> dict[str, float] | None:
    """The LP of the module docstring for one method; column weights, or None if HiGHS fails."""
    import highspy as _highspy

    highspy: Any = _highspy

    def solve(margin_phase: bool, best_slack: float) -> tuple[dict[str, float], float] | None:
        h: Any = new_highs()
        v = {f: h.addVariable(lb=0.0) for f in COLUMNS}
        eps = h.addVariable(lb=0.0, ub=0.49) if margin_phase else None
        slack = []
        for code, c in targets.items():
            lo, hi = bounds[code]
            q = sum(shares[code][f] * v[f] for f in COLUMNS)
            low, high = _interval(method, c)
            if c > lo:  # not held up by its minimum: the quota must reach c's interval
                s = h.addVariable(lb=0.0)
                slack.append(s)
                h.addConstr(q + s - (eps if eps is not None else 0) >= low)
            if c < hi:  # not held down by its maximum
                s = h.addVariable(lb=0.0)
                slack.append(s)
                h.addConstr(q - s + (eps if eps is not None else 0) <= high)
        everyone = sum(sum(shares[code][f] * v[f] for f in COLUMNS) for code in shares)
        if method == "hamilton":
            h.addConstr(everyone == float(total))
        elif free:
            rest = (
                total
                - sum(targets.values())
                - sum(bounds[c][0] for c in shares if c not in targets and c not in free)
            )
            part = sum(sum(shares[code][f] * v[f] for f in COLUMNS) for code in free)
            h.addConstr(part >= rest - 0.5 * len(free))
            h.addConstr(part <= rest + 0.5 * len(free))
        total_slack = sum(slack) if slack else None
        if margin_phase:
            if total_slack is not None:
                h.addConstr(total_slack <= best_slack + 1e-7)
            assert eps is not None
            status = run_highs(h, lambda: h.maximize(eps))
        elif total_slack is not None:
            status = run_highs(h, lambda: h.minimize(total_slack))
        else:
            status = run_highs(h, lambda: h.minimize(everyone))
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        found = {f: float(h.val(v[f])) for f in COLUMNS}
        return found, float(h.val(total_slack)) if total_slack is not None else 0.0

    first = solve(False, 0.0)
    if first is None:
        return None
    second = solve(True, first[1])
    return (second or first)[0]


def calibrate(
    instance: Instance,
    settings: PlanSettings,
    current: Mapping[str, int],
    current_sergeants: Mapping[str, int] | None = None,
    methods: tuple[str, ...] = METHODS,
) -> Calibration:
    """Fit weights and method to ``current`` (district code -> constables; partial allowed).

    ``instance.constables`` is the force's total; with every district given it must equal their
    sum. Districts pinned in ``settings.rules`` keep their pin. Raises
    :class:`InvalidInputError` for unknown districts or a total that does not add up.
    """
    names = {d.code: d.name for d in instance.districts}
    unknown = sorted(set(current) - set(names))
    if unknown:
        raise InvalidInputError(
            f"The current allocation names districts the force does not have: {', '.join(unknown)}."
        )
    total = instance.constables
    if set(current) == set(names) and sum(current.values()) != total:
        raise InvalidInputError(
            f"The current allocation has {sum(current.values())} constables in all, not {total}."
        )
    if sum(current.values()) > total:
        raise InvalidInputError(
            f"The districts given already have {sum(current.values())} constables, more than "
            f"the {total} to place."
        )
    schools: dict[str, int] = dict.fromkeys(names, 0)
    for s in instance.schools:
        schools[s.district] += 1
    shares = factor_shares(instance, settings)
    pinned = settings.rules.pinned
    # Bounds without the shares: the school cap, one each, the force's rules (pins included).
    _, bounds, _ = district_officers(
        dict.fromkeys(names, 1.0),
        schools,
        total,
        DEFAULT_METHOD,
        settings.max_schools_per_officer,
        settings.rules,
    )
    targets = {c: n for c, n in current.items() if c not in pinned}
    free = [c for c in names if c not in current and c not in pinned]
    best: tuple[tuple[int, int, int], str, DemandWeights, dict[str, int]] | None = None
    tried: list[dict[str, Any]] = []
    for order, method in enumerate(canonical_method(m) for m in methods):
        columns = _fit_lp(method, shares, targets, bounds, total, free)
        if columns is None or sum(columns.values()) <= 0:
            tried.append({"method": method, "fitted": False})
            continue
        weights = weights_from_columns(columns)
        got = _allocation(instance, settings, weights, method, schools)
        miss = [c for c, n in current.items() if got[c] != n]
        off = sum(abs(got[c] - current[c]) for c in miss)
        tried.append(
            {"method": method, "fitted": True, "districts_differing": len(miss), "by": off}
        )
        prefer = 0 if method == DEFAULT_METHOD else 1 + order
        key = (len(miss), off, prefer)
        if best is None or key < best[0]:
            best = (key, method, weights, got)
    if best is None:
        raise InvalidInputError("No weights could be fitted to this allocation.")
    _, method, weights, got = best
    demand, _ = district_demand(instance, weights, settings.crime_severity)
    share_total = sum(demand[c].share for c in names) or 1.0
    districts = tuple(
        CalibratedDistrict(
            code=d.code,
            name=d.name,
            division=d.division,
            current=current.get(d.code),
            calibrated=got[d.code],
            quota=total * demand[d.code].share / share_total,
            reason=_reason(
                d.code,
                d.name,
                current.get(d.code),
                got[d.code],
                total * demand[d.code].share / share_total,
                bounds[d.code],
                schools[d.code],
                settings,
                method,
                shares[d.code],
            ),
        )
        for d in instance.districts
    )
    return Calibration(
        weights=weights,
        method=method,
        districts=districts,
        divisions=_divisions(instance, settings, got, method, current_sergeants or {}),
        constables=total,
        tried=tuple(tried),
    )


def _allocation(
    instance: Instance,
    settings: PlanSettings,
    weights: DemandWeights,
    method: str,
    schools: Mapping[str, int],
) -> dict[str, int]:
    """What the product's own apportionment gives with these weights and method."""
    demand, _ = district_demand(instance, weights, settings.crime_severity)
    officers, _, _ = district_officers(
        {d.code: demand[d.code].share for d in instance.districts},
        dict(schools),
        instance.constables,
        method,
        settings.max_schools_per_officer,
        settings.rules,
    )
    return officers


def calibrated_settings(settings: PlanSettings, calibration: Calibration) -> PlanSettings:
    """The plan settings with the calibrated weights and method."""
    return replace(settings, weights=calibration.weights, method=calibration.method)


def _reason(
    code: str,
    name: str,
    current: int | None,
    got: int,
    quota: float,
    bound: tuple[int, int],
    schools: int,
    settings: PlanSettings,
    method: str,
    shares: Mapping[str, float],
) -> str:
    """Why the calibrated number is what it is, in words (and why it differs, if it does)."""
    rules = settings.rules
    if code in rules.pinned:
        return f"Pinned by the force's planning rules at {rules.pinned[code]}."
    lo, hi = bound
    base = f"With these weights {name}'s demand is worth {quota:.2f} constables; "
    if got == lo and quota < lo + 0.5:
        why = []
        cap = settings.max_schools_per_officer
        if code in rules.min_constables and rules.min_constables[code] == lo:
            why.append(f"the force's minimum is {lo}")
        if schools and math.ceil(schools / cap) == lo and lo > 1:
            why.append(f"{schools} schools at most {cap} per officer need {lo}")
        if lo == 1:
            why.append("every district with schools has at least one officer")
        base += (
            f"it gets {got}, its minimum, because " + " and ".join(why or ["of its rules"]) + "."
        )
    elif got == hi and quota > hi - 0.5:
        whose = "no district has more officers than schools"
        if code in rules.max_constables and rules.max_constables[code] == hi:
            whose = f"the force's maximum is {hi}"
        base += f"it gets {got}, its maximum, because {whose}."
    else:
        base += f"{METHOD_LABELS[method]} rounds that to {got}."
    if current is None:
        return base
    if current == got:
        return "Same as today. " + base
    top = max(shares, key=lambda f: shares[f])
    direction = "more" if current > got else "less"
    return (
        f"Today {current}, calibrated {got} ({got - current:+d}). "
        + base
        + f" Keeping {current} would need {direction} weight on what sets {name} apart (it has "
        f"{shares[top]:.1%} of the force's {FACTOR_LABELS[top]}), which would move other "
        f"districts away from today's numbers; pin {name} at {current} to keep it."
    )


def _divisions(
    instance: Instance,
    settings: PlanSettings,
    constables: Mapping[str, int],
    method: str,
    current: Mapping[str, int],
) -> tuple[CalibratedDivision, ...]:
    by_division: dict[str, int] = {}
    for d in instance.districts:
        by_division[d.division] = by_division.get(d.division, 0) + constables[d.code]
    unknown = sorted(set(current) - set(by_division))
    if unknown:
        raise InvalidInputError(
            f"The current sergeants name divisions the force does not have: {', '.join(unknown)}."
        )
    # Without a total, each division keeps today's sergeants or what its rules need, if more.
    sergeants = instance.sergeants or sum(
        max(current.get(v, 0), settings.rules.sergeants_needed(v, n)[0])
        for v, n in by_division.items()
    )
    placed, breaks, _ = place_sergeants_by_rules(by_division, sergeants, method, settings.rules)
    out = []
    for s in placed:
        need, why = settings.rules.sergeants_needed(s.division, s.constables)
        now = current.get(s.division)
        reason = f"{s.constables} constables need at least {need} sergeants: " + "; ".join(why)
        if now is not None and now != s.sergeants:
            reason = (
                f"Today {now}, calibrated {s.sergeants}. "
                + reason
                + "; the rest are shared in proportion to constables."
            )
        broken = [d for b in breaks for d in b.details if d.startswith(f"{s.division}:")]
        if broken:
            reason += " Cannot hold: " + "; ".join(broken)
        out.append(CalibratedDivision(s.division, now, s.sergeants, s.constables, reason))
    return tuple(out)
