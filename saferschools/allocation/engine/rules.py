"""Planning rules a force sets, and how the plan reports a rule that cannot hold.

A force's planning rules (:class:`PlanningRules`, saved with every plan):

* per-district **minimum** and **maximum** constables, and **pinned** districts (keep exactly N);
* a **minimum number of sergeants per division** and a **maximum span of control** (constables
  per sergeant). Whatever the force sets, a division with constables needs enough sergeants to
  have one on duty every day of the week: with the rostering rules' ``rest_days_per_week`` (Police
  Regulations: 2) a sergeant works at most ``7 - rest_days`` days a week, so seven-day
  supervision needs ``ceil(7 / (7 - rest_days))`` sergeants (2 under the default rules). This is
  :func:`supervision_minimum`, checked against the rostering engine's own :class:`Rules`;
* the **per-officer school cap** (``PlanSettings.max_schools_per_officer``, default 6);
* which **establishment types** get a named officer (``named_groups``; default and vocabulary in
  :mod:`saferschools.estate.rules`; the engine receives only the chosen schools).

Priority when rules conflict (the one lower in the list gives way, and the plan reports by how
much, as a named penalty): pinned districts, the force's minimums and maximums, the school cap,
one officer per district with schools. A rule is **never silently broken**: every break is a
:class:`~.model.Penalty` whose details say which district or division, what was wanted, what it
got and by how much.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from saferschools.estate.rules import NAMED_OFFICER_GROUPS
from saferschools.rostering.engine.domain import Rules as RosterRules

from .errors import InvalidInputError

#: Rule names used in penalties.
RULE_SCHOOL_CAP = "school_cap"
RULE_DISTRICT_MINIMUM = "district_minimum"
RULE_DISTRICT_MAXIMUM = "district_maximum"
RULE_PINNED = "district_pinned"
RULE_SUPERVISION = "seven_day_supervision"
RULE_SERGEANT_MINIMUM = "division_sergeant_minimum"
RULE_SPAN = "span_of_control"
RULE_OVERLOAD = "workload_against_force_mean"

#: Every planning rule whose break a plan reports (printed by the commands, listed on the pages).
RULE_NAMES = frozenset(
    {
        RULE_SCHOOL_CAP,
        RULE_DISTRICT_MINIMUM,
        RULE_DISTRICT_MAXIMUM,
        RULE_PINNED,
        RULE_SUPERVISION,
        RULE_SERGEANT_MINIMUM,
        RULE_SPAN,
        RULE_OVERLOAD,
    }
)

#: Default largest span of control: Kent's published 6 sergeants for 70 constables (11.7 on average),
#: East Kent's 2 for 23 (11.5), with room for a division of up to 30 constables under two sergeants.
DEFAULT_MAX_SPAN = 15.0


def supervision_minimum(rest_days_per_week: int | None = None) -> int:
    """Sergeants a division needs so that one is on duty every day of the week.

    A sergeant works at most ``7 - rest_days_per_week`` days in a week (the rostering engine's
    :attr:`Rules.rest_days_per_week`), so ``ceil(7 / (7 - rest_days))`` (2 by default)."""
    rest = RosterRules().rest_days_per_week if rest_days_per_week is None else rest_days_per_week
    working = 7 - rest
    if working <= 0:
        raise InvalidInputError("rest_days_per_week must leave at least one working day.")
    return math.ceil(7 / working)


@dataclass(frozen=True)
class PlanningRules:
    """A force's planning rules (see the module docstring). Empty mappings mean no rule."""

    min_constables: Mapping[str, int] = field(default_factory=dict)
    max_constables: Mapping[str, int] = field(default_factory=dict)
    pinned: Mapping[str, int] = field(default_factory=dict)
    min_sergeants: Mapping[str, int] = field(default_factory=dict)
    max_span: float | None = DEFAULT_MAX_SPAN
    rest_days_per_week: int = field(default_factory=lambda: RosterRules().rest_days_per_week)
    named_groups: frozenset[str] = NAMED_OFFICER_GROUPS

    def check(self, district_codes: set[str], divisions: set[str]) -> None:
        """Refuse rules that name unknown districts/divisions or negative numbers."""
        for label, mapping, known in (
            ("minimum", self.min_constables, district_codes),
            ("maximum", self.max_constables, district_codes),
            ("pinned", self.pinned, district_codes),
            ("minimum sergeants", self.min_sergeants, divisions),
        ):
            unknown = sorted(set(mapping) - known)
            if unknown:
                raise InvalidInputError(
                    f"The {label} rule names {', '.join(unknown)}, which the force does not "
                    "have. Use district codes (e.g. E07000114) or division names."
                )
            negative = sorted(k for k, v in mapping.items() if v < 0)
            if negative:
                raise InvalidInputError(f"The {label} rule for {', '.join(negative)} is negative.")
        for code in sorted(set(self.min_constables) & set(self.max_constables)):
            if self.min_constables[code] > self.max_constables[code]:
                raise InvalidInputError(
                    f"{code}: the minimum ({self.min_constables[code]}) is above the maximum "
                    f"({self.max_constables[code]})."
                )
        if self.max_span is not None and self.max_span <= 0:
            raise InvalidInputError("The largest span of control must be above zero.")
        supervision_minimum(self.rest_days_per_week)

    def sergeants_needed(self, division: str, constables: int) -> tuple[int, list[str]]:
        """Sergeants a division with ``constables`` needs, and why (in words)."""
        if constables <= 0:
            return 0, []
        reasons: list[str] = []
        need = supervision_minimum(self.rest_days_per_week)
        reasons.append(
            f"{need} for a sergeant on duty 7 days a week ({7 - self.rest_days_per_week} "
            "working days each)"
        )
        own = self.min_sergeants.get(division, 0)
        if own > need:
            need = own
            reasons.append(f"{own} set by the force for {division}")
        if self.max_span:
            by_span = math.ceil(constables / self.max_span - 1e-9)
            if by_span > need:
                need = by_span
                reasons.append(
                    f"{by_span} to keep within a span of control of {self.max_span:g} "
                    f"({constables} constables)"
                )
        return need, reasons

    def to_dict(self) -> dict[str, object]:
        return {
            "min_constables": dict(self.min_constables),
            "max_constables": dict(self.max_constables),
            "pinned": dict(self.pinned),
            "min_sergeants": dict(self.min_sergeants),
            "max_span": self.max_span,
            "rest_days_per_week": self.rest_days_per_week,
            "named_groups": sorted(self.named_groups),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> PlanningRules:
        if not data:
            return cls()

        def ints(key: str) -> dict[str, int]:
            raw = data.get(key) or {}
            assert isinstance(raw, Mapping)
            return {str(k): int(v) for k, v in raw.items()}

        span = data.get("max_span", DEFAULT_MAX_SPAN)
        rest = data.get("rest_days_per_week", RosterRules().rest_days_per_week)
        groups = data.get("named_groups") or sorted(NAMED_OFFICER_GROUPS)
        assert isinstance(groups, list | tuple | set | frozenset)
        return cls(
            min_constables=ints("min_constables"),
            max_constables=ints("max_constables"),
            pinned=ints("pinned"),
            min_sergeants=ints("min_sergeants"),
            max_span=float(span) if span is not None else None,  # type: ignore[arg-type]
            rest_days_per_week=int(rest),  # type: ignore[call-overload]
            named_groups=frozenset(str(g) for g in groups),
        )
