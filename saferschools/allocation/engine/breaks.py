"""Applying a force's planning rules: bounds for the apportionment, sergeants per division, and
a named penalty for every rule that cannot hold (see :mod:`.rules` for the rules and their
priority). Nothing here bends a rule without saying which, where and by how much.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .apportion import apportion
from .errors import InfeasibleApportionmentError
from .model import DivisionSergeants, OfficerPatch, Penalty
from .rules import (
    RULE_DISTRICT_MAXIMUM,
    RULE_DISTRICT_MINIMUM,
    RULE_OVERLOAD,
    RULE_PINNED,
    RULE_SCHOOL_CAP,
    RULE_SERGEANT_MINIMUM,
    RULE_SPAN,
    RULE_SUPERVISION,
    PlanningRules,
    supervision_minimum,
)


def district_officers(
    shares: Mapping[str, float],
    schools: Mapping[str, int],
    total: int,
    method: str,
    cap: int,
    rules: PlanningRules,
) -> tuple[dict[str, int], dict[str, tuple[int, int]], list[str]]:
    """Whole constables per district under the force's rules, the bounds used, and notes.

    Bounds are tightened in priority order (see :mod:`.rules`); when they cannot all hold the
    lowest-priority rule gives way first: the school cap is raised only as far as needed (the
    same for every district), then the force's minimums and maximums are dropped. Pinned
    districts never give way: a pin that cannot hold is an error saying by how much.
    """
    keys = list(shares)
    notes: list[str] = []
    pinned = {k: v for k, v in rules.pinned.items() if k in shares}
    for k, v in pinned.items():
        if v > schools[k]:
            raise InfeasibleApportionmentError(
                f"{k} is pinned at {v} constables but has only {schools[k]} schools: "
                f"{v - schools[k]} would have no school. Pin it at {schools[k]} or fewer."
            )
    if sum(pinned.values()) > total:
        raise InfeasibleApportionmentError(
            f"The pinned districts need {sum(pinned.values())} constables but the plan has "
            f"{total}: {sum(pinned.values()) - total} too few. Unpin a district or add officers."
        )

    def bounds(
        cap_used: int | None, use_force: bool, one_each: bool
    ) -> tuple[dict[str, int], dict[str, int]]:
        lo, hi = {}, {}
        for k in keys:
            n = schools[k]
            if k in pinned:
                lo[k] = hi[k] = pinned[k]
                continue
            low = 1 if (n and one_each) else 0
            if cap_used and n:
                low = max(low, math.ceil(n / cap_used))
            high = n
            if use_force:
                high = min(high, rules.max_constables.get(k, high))
                low = max(low, rules.min_constables.get(k, 0))
            lo[k], hi[k] = min(low, high), high
        return lo, hi

    attempts: list[tuple[int | None, bool, bool]] = [(cap, True, True)]
    attempts += [(c, True, True) for c in range(cap + 1, max(schools.values(), default=1) + 1)]
    attempts += [(None, True, True), (None, False, True), (None, False, False)]
    for cap_used, use_force, one_each in attempts:
        lo, hi = bounds(cap_used, use_force, one_each)
        if sum(lo.values()) <= total <= sum(hi.values()):
            break
    else:
        raise InfeasibleApportionmentError(
            f"{total} constables cannot be placed: the pinned districts and the number of "
            "schools leave no room. Change the pins or the number of officers."
        )
    if cap_used != cap:
        notes.append(
            f"The school cap of {cap} per officer cannot hold with {total} constables: "
            + (
                f"it is raised to {cap_used} for this plan."
                if cap_used
                else "too few constables even for that; see the school-cap penalty."
            )
        )
    if not use_force:
        notes.append(
            "The force's district minimums and maximums cannot all hold with "
            f"{total} constables; the plan reports each one broken and by how much."
        )
    if not one_each:
        notes.append(
            f"{total} constables are fewer than the districts with schools: some districts have "
            "no officer of their own (see the district-minimum penalty)."
        )
    officers = apportion(shares, total, method, lo, hi)
    return officers, {k: (lo[k], hi[k]) for k in keys}, notes


def district_rule_penalties(
    officers: Mapping[str, int], names: Mapping[str, str], rules: PlanningRules
) -> list[Penalty]:
    """Minimum, maximum and pinned rules that the district numbers break, and by how much."""
    out: list[Penalty] = []
    for rule, mapping, sign, unit in (
        (RULE_DISTRICT_MINIMUM, rules.min_constables, 1, "constables short"),
        (RULE_DISTRICT_MAXIMUM, rules.max_constables, -1, "constables over"),
    ):
        details, amount = [], 0
        for code, limit in sorted(mapping.items()):
            got = officers.get(code)
            if got is None:
                continue
            miss = (limit - got) * sign
            if miss > 0:
                amount += miss
                word = "minimum" if sign > 0 else "maximum"
                details.append(
                    f"{names.get(code, code)}: {word} {limit}, plan has {got} (by {miss})"
                )
        if details:
            out.append(Penalty(rule, float(amount), unit, tuple(details)))
    pin_details = [
        f"{names.get(c, c)}: pinned at {v}, plan has {officers[c]} (by {abs(v - officers[c])})"
        for c, v in sorted(rules.pinned.items())
        if c in officers and officers[c] != v
    ]
    if pin_details:
        amount = sum(abs(v - officers[c]) for c, v in rules.pinned.items() if c in officers)
        out.append(Penalty(RULE_PINNED, float(amount), "constables", tuple(pin_details)))
    return out


def place_sergeants_by_rules(
    constables_by_division: Mapping[str, int],
    sergeants: int,
    method: str,
    rules: PlanningRules,
) -> tuple[tuple[DivisionSergeants, ...], list[Penalty], list[str]]:
    """Sergeants per division: at least what seven-day supervision, the force's minimum and the
    span of control need (:meth:`PlanningRules.sergeants_needed`), the rest in proportion to
    constables. When there are too few, each division still gets a share and the plan reports
    every division left short, by how many sergeants."""
    divisions = sorted(constables_by_division)
    need: dict[str, int] = {}
    why: dict[str, list[str]] = {}
    for d in divisions:
        need[d], why[d] = rules.sergeants_needed(d, constables_by_division[d])
    notes: list[str] = []
    staffed = [d for d in divisions if constables_by_division[d] > 0]
    if sergeants <= 0 or not staffed:
        placed = dict.fromkeys(divisions, 0)
    elif sum(need.values()) <= sergeants:
        hi = {d: max(need[d], constables_by_division[d]) for d in divisions}
        usable = min(sergeants, sum(hi.values()))
        if usable < sergeants:
            notes.append(
                f"{sergeants - usable} sergeant(s) more than the divisions can use "
                "(no division gets more sergeants than constables)."
            )
        placed = apportion(
            {d: float(constables_by_division[d]) for d in divisions}, usable, method, need, hi
        )
    else:
        floor_one = sergeants >= len(staffed)
        lo = dict.fromkeys(staffed, 1) if floor_one else {}
        placed = apportion(
            {d: float(need[d]) for d in divisions},
            min(sergeants, sum(need.values())),
            method,
            lo,
            need,
        )
    result = tuple(DivisionSergeants(d, constables_by_division[d], placed[d]) for d in divisions)
    return result, sergeant_penalties(result, rules), notes


def sergeant_penalties(placed: Sequence[DivisionSergeants], rules: PlanningRules) -> list[Penalty]:
    """Seven-day supervision, the force's minimum sergeants and the span of control, each
    division that breaks one, and by how much."""
    minimum = supervision_minimum(rules.rest_days_per_week)
    working = 7 - rules.rest_days_per_week
    sup, own, span = [], [], []
    sup_n = own_n = 0
    span_over = 0.0
    for s in placed:
        if s.constables <= 0:
            continue
        if s.sergeants < minimum:
            sup_n += minimum - s.sergeants
            days = s.sergeants * working
            sup.append(
                f"{s.division}: {s.sergeants} sergeant(s) for {s.constables} constables cover "
                f"at most {min(days, 7)} of 7 days; seven-day supervision needs {minimum} "
                f"(short by {minimum - s.sergeants})"
            )
        want = rules.min_sergeants.get(s.division, 0)
        if s.sergeants < want:
            own_n += want - s.sergeants
            own.append(
                f"{s.division}: the force's minimum is {want} sergeants, plan has "
                f"{s.sergeants} (short by {want - s.sergeants})"
            )
        if rules.max_span and (s.sergeants == 0 or s.span > rules.max_span + 1e-9):
            needed = math.ceil(s.constables / rules.max_span - 1e-9)
            span_over += needed - s.sergeants
            shown = f"{s.span:.1f}" if s.sergeants else "no sergeant"
            span.append(
                f"{s.division}: span of control {shown} ({s.constables} constables, "
                f"{s.sergeants} sergeant(s)) above the largest allowed {rules.max_span:g}; "
                f"needs {needed} (short by {needed - s.sergeants})"
            )
    out = []
    if sup:
        out.append(Penalty(RULE_SUPERVISION, float(sup_n), "sergeants short", tuple(sup)))
    if own:
        out.append(Penalty(RULE_SERGEANT_MINIMUM, float(own_n), "sergeants short", tuple(own)))
    if span:
        out.append(Penalty(RULE_SPAN, span_over, "sergeants short", tuple(span)))
    return out


def school_cap_penalty(patches: Sequence[OfficerPatch], cap: int) -> Penalty | None:
    """Every officer with more schools than the cap, and by how many (``None`` if none)."""
    over = sorted(
        (p for p in patches if len(p.schools) > cap), key=lambda p: (-len(p.schools), p.officer)
    )
    if not over:
        return None
    return Penalty(
        RULE_SCHOOL_CAP,
        float(sum(len(p.schools) - cap for p in over)),
        "schools over the cap",
        tuple(
            f"{p.officer} ({p.district}): {len(p.schools)} schools, {len(p.schools) - cap} over "
            f"the cap of {cap}"
            for p in over
        ),
    )


def overload_penalty(
    patches: Sequence[OfficerPatch], reference_mean: float, tolerance: float
) -> Penalty | None:
    """Officers whose workload is above the force-wide mean x (1 + tolerance).

    The workload band of the engine is per district; when a redeployment leaves a district with
    few officers for many schools, every one of them is far above the *force's* mean while
    still inside their own district's band. This penalty compares with the force's mean before
    the change, so the overload is reported and not hidden behind a 0.0 band penalty."""
    if reference_mean <= 0:
        return None
    limit = reference_mean * (1 + tolerance)
    over = sorted(
        (p for p in patches if p.workload > limit + 1e-6), key=lambda p: (-p.workload, p.officer)
    )
    if not over:
        return None
    return Penalty(
        RULE_OVERLOAD,
        sum(p.workload - limit for p in over),
        "workload points",
        tuple(
            f"{p.officer} ({p.district}): workload {p.workload:.1f} against a force mean of "
            f"{reference_mean:.1f} ({p.workload / reference_mean:.1f} times; above the "
            f"+{tolerance:.0%} limit {limit:.1f} by {p.workload - limit:.1f}), "
            f"{len(p.schools)} schools"
            for p in over
        ),
    )
