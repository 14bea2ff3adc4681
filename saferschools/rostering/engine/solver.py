"""Instance -> model -> solve -> :class:`Solution`, with statistics and infeasibility explanations.

The instance is decomposed (by default) into one subproblem per district (its constables and the
district's cover rules) plus one for the sergeants (division cover). Every hard and soft rule is
local to a district or to the sergeants, so the decomposition loses nothing: the sum of the
subproblem optima is the optimum of the whole. The reported objective and bound are sums over the
subproblems; the gap is ``(objective - bound) / max(1, objective)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ortools.sat.python import cp_model

from .domain import Instance, Rank
from .rules import RosterModel, Scope, build

__all__ = [
    "OUT_OF_TIME",
    "Assignment",
    "Budget",
    "Infeasibility",
    "PenaltyItem",
    "Reporter",
    "SchoolGap",
    "SolveCancelled",
    "Solution",
    "SolveStats",
    "SubSolve",
    "explain_infeasibility",
    "scopes",
    "solve",
]


@dataclass(frozen=True)
class Assignment:
    """One rostered shift."""

    officer_id: str
    day: date
    shift: str
    division: str
    district_id: str | None


#: Solve statuses: OPTIMAL (proved best), FEASIBLE (a roster meeting every hard rule, not proved
#: best when the budget ran out), UNKNOWN (no roster meeting every hard rule was found within the
#: budget; the best roster so far breaks rules), INFEASIBLE (proved: no roster can meet every rule).
OUT_OF_TIME = "UNKNOWN"


class SolveCancelled(Exception):
    """The caller asked the solve to stop (``should_stop`` returned true)."""


@dataclass(frozen=True)
class SubSolve:
    """One subproblem's result. ``best_so_far`` says where the roster of a subproblem with no
    rule-abiding roster came from: ``relaxed`` (fewest rule breaks) or ``greedy`` (baseline)."""

    name: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    best_so_far: str = ""


@dataclass(frozen=True)
class SolveStats:
    """What every solve reports. ``gap`` is relative: (objective - bound) / max(1, objective);
    ``budget`` is the one overall time budget of the solve (seconds)."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    subproblems: tuple[SubSolve, ...] = ()
    budget: float | None = None

    def outcome(self, rule_breaks: int = 0) -> str:
        """The honest one-sentence outcome. "No roster can meet every rule" only when the solver
        proved it; a budget that ran out is said to have run out."""
        budget = f"{self.budget:.0f} s" if self.budget is not None else "the time limit"
        if self.status == "OPTIMAL":
            return f"Optimal roster (gap 0%), found in {self.seconds:.1f} s of a {budget} budget."
        if self.status == "FEASIBLE":
            gap = f"{self.gap:.0%}" if self.gap is not None else "unknown"
            return (
                f"Feasible roster, gap {gap}: every rule met, not proved the best within {budget}."
            )
        if self.status == "INFEASIBLE":
            return "No roster can meet every rule (proved by the solver); see the rules that bend."
        if self.status == OUT_OF_TIME:
            return (
                f"Out of time: no roster meeting every rule was found within {budget}; "
                f"the best so far has {rule_breaks} rule break(s)."
            )
        return f"Roster status {self.status}."

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data, its times (and its subproblems') to the millisecond."""
        out = asdict(self) | {"seconds": round(self.seconds, 3)}
        out["subproblems"] = [
            asdict(s) | {"seconds": round(s.seconds, 3)} for s in self.subproblems
        ]
        return out


@dataclass(frozen=True)
class PenaltyItem:
    """A soft rule that bent: ``amount`` units on ``day`` for ``subject`` costing ``cost``."""

    rule: str
    day: date | None
    subject: str
    amount: int
    cost: int


@dataclass(frozen=True)
class Infeasibility:
    """A hard rule that cannot be met: ``shortfall`` units missing on ``day`` for ``subject``."""

    rule: str
    day: date
    subject: str
    shortfall: int

    @property
    def message(self) -> str:
        return f"{self.rule} cannot be met on {self.day.isoformat()} for {self.subject} (short by {self.shortfall})"


@dataclass(frozen=True)
class SchoolGap:
    """A school open on ``day`` whose named officer is not on the school-hours shift."""

    school_id: str
    day: date
    named_officer_id: str | None
    covered_by: tuple[str, ...]


@dataclass
class Solution:
    """A roster (possibly empty when infeasible) with its solve report and bent soft rules."""

    instance: Instance
    assignments: tuple[Assignment, ...]
    stats: SolveStats
    penalties: tuple[PenaltyItem, ...] = ()
    infeasibilities: tuple[Infeasibility, ...] = ()
    _index: dict[tuple[str, date], Assignment] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {(a.officer_id, a.day): a for a in self.assignments}

    @property
    def feasible(self) -> bool:
        return self.stats.status in ("OPTIMAL", "FEASIBLE")

    @property
    def out_of_time(self) -> bool:
        """No rule-abiding roster was found within the budget (not proved impossible)."""
        return self.stats.status == OUT_OF_TIME

    def rule_breaks(self) -> int:
        """Hard-rule violations of this roster, counted by the independent checker."""
        from .checker import check_document, count_violations

        return count_violations(check_document(self.to_document()))

    def outcome(self) -> str:
        return self.stats.outcome(self.rule_breaks() if self.out_of_time else 0)

    def shift_of(self, officer_id: str, day: date) -> Assignment | None:
        return self._index.get((officer_id, day))

    def penalty_summary(self) -> dict[str, dict[str, int]]:
        """Per soft rule: units bent and objective cost."""
        out: dict[str, dict[str, int]] = {}
        for p in self.penalties:
            row = out.setdefault(p.rule, {"units": 0, "cost": 0})
            row["units"] += p.amount
            row["cost"] += p.cost
        return out

    def schools_without_named_officer(self) -> list[SchoolGap]:
        """Each (school, open school day) whose named officer is not on the school-hours shift."""
        inst = self.instance
        hours = {s.code for s in inst.shift_types if s.school_hours}
        by_district_day: dict[tuple[str | None, date], list[str]] = {}
        for a in self.assignments:
            if a.shift in hours and a.district_id is not None:
                by_district_day.setdefault((a.district_id, a.day), []).append(a.officer_id)
        gaps = []
        for school in inst.schools:
            for d in inst.days:
                if not inst.calendar.school_open(school.id, d):
                    continue
                named = (
                    self.shift_of(school.named_officer_id, d) if school.named_officer_id else None
                )
                if named is not None and named.shift in hours:
                    continue
                cover = tuple(sorted(by_district_day.get((school.district_id, d), [])))
                gaps.append(SchoolGap(school.id, d, school.named_officer_id, cover))
        return gaps

    def to_document(self) -> dict[str, Any]:
        """The JSON-ready output document (see :mod:`.document`)."""
        from .document import to_document

        doc: dict[str, Any] = to_document(self)
        return doc


def scopes(inst: Instance, decompose: bool = True) -> list[Scope]:
    """The subproblems: one per district plus the sergeants, or the whole instance.

    Division supervision applies only when the instance has sergeants (a single district's team
    can be rostered on its own).
    """
    divisions = inst.divisions if inst.sergeants() else ()
    if not decompose:
        return [Scope("all", inst.officers, inst.districts, divisions)]
    out = [Scope(f"district:{d.id}", inst.constables(d.id), (d,), ()) for d in inst.districts]
    sergeants = inst.sergeants()
    if sergeants:
        out.append(Scope("sergeants", sergeants, (), divisions))
    return out


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    return solver


#: Share of a subproblem's budget given to the first, proving pass (see :func:`solve_model`).
LP_PASS_SHARE = 0.6


def solve_model(
    model: cp_model.CpModel, budget: float, num_workers: int, seed: int
) -> tuple[cp_model.CpSolver, Any, float | None]:
    """Solve ``model`` in two passes; return the solver holding the best roster, its status and
    the best lower bound found by either pass.

    Pass 1 is one worker with full linearization (``linearization_level=2``): the LP relaxation
    of the cover and fairness constraints is tight enough to prove most district subproblems
    optimal in a second or two, where the default 2-worker portfolio keeps a bound of 0 for the
    whole budget (measured in decision record 041). When pass 1 neither proves optimality nor
    infeasibility, pass 2 runs the usual ``num_workers`` portfolio on the rest of the budget,
    started from pass 1's roster as a hint, and the better roster is kept.
    """
    t0 = time.monotonic()
    first = _solver(budget * (LP_PASS_SHARE if num_workers > 1 else 1.0), 1, seed)
    first.parameters.linearization_level = 2
    status = first.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    bound = first.best_objective_bound if found else None
    remaining = budget - (time.monotonic() - t0)
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) or num_workers <= 1 or remaining < 0.5:
        return first, status, bound
    if found:
        model.clear_hints()  # type: ignore[no-untyped-call]
        for i in range(len(model.proto.variables)):
            var = model.get_int_var_from_proto_index(i)
            model.add_hint(var, first.value(var))
    second = _solver(remaining, num_workers, seed)
    status2 = second.solve(model)
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = max(bound or second.best_objective_bound, second.best_objective_bound)
        if not found or second.objective_value <= first.objective_value:
            if bound >= second.objective_value - 1e-9:
                status2 = cp_model.OPTIMAL
            return second, status2, bound
    if found and bound is not None and bound >= first.objective_value - 1e-9:
        status = cp_model.OPTIMAL
    return (first, status, bound) if found else (second, status2, None)


def extract(
    rm: RosterModel, solver: cp_model.CpSolver
) -> tuple[list[Assignment], list[PenaltyItem]]:
    """Read the roster and the bent soft rules out of a solved model."""
    inst = rm.instance
    out: list[Assignment] = []
    for (oid, i, code), var in rm.x.items():
        if solver.boolean_value(var):
            o = inst.officer_by_id[oid]
            division = o.division
            if o.rank is Rank.SERGEANT:
                division = next(
                    (
                        v
                        for v in rm.scope.divisions
                        if (oid, i, v) in rm.a and solver.boolean_value(rm.a[oid, i, v])
                    ),
                    o.division,
                )
            out.append(Assignment(oid, inst.days[i], code, division, o.district_id))
    items: list[PenaltyItem] = []
    for p in rm.penalties:
        v = int(solver.value(p.expr))
        if v > 0:
            items.append(PenaltyItem(p.rule, p.day, p.subject, v, v * p.weight))
    return out, items


def combine_status(statuses: Iterable[str]) -> str:
    st = list(statuses)
    if "INFEASIBLE" in st:
        return "INFEASIBLE"
    if any(s not in ("OPTIMAL", "FEASIBLE") for s in st):
        return OUT_OF_TIME
    return "OPTIMAL" if all(s == "OPTIMAL" for s in st) else "FEASIBLE"


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


ModelHook = Callable[[RosterModel], None]


class Budget:
    """One overall time budget shared by the subproblems of a solve.

    Each subproblem gets the remaining time in proportion to its officers among those still to
    solve, so time a small district does not use rolls forward to the next; nothing runs past
    the deadline (a subproblem that cannot start in time gets no solver at all).
    """

    def __init__(self, seconds: float, weights: list[int]) -> None:
        self.seconds = seconds
        self.started = time.monotonic()
        self.deadline = self.started + seconds
        self.weights = weights

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def share(self, k: int) -> float:
        return self.remaining() * self.weights[k] / max(1, sum(self.weights[k:]))


@dataclass
class Reporter:
    """The long-solve callbacks: ``progress`` gets one line of text, ``fraction`` the share of
    the work done (0-1), and ``should_stop`` is polled between subproblems (a cancelled job)."""

    progress: Callable[[str], None] | None = None
    fraction: Callable[[float], None] | None = None
    should_stop: Callable[[], bool] | None = None

    def say(self, line: str) -> None:
        if self.progress is not None:
            self.progress(line)

    def done(self, share: float) -> None:
        if self.fraction is not None:
            self.fraction(min(1.0, max(0.0, share)))

    def check(self) -> None:
        if self.should_stop is not None and self.should_stop():
            raise SolveCancelled("the solve was cancelled")


def best_so_far(
    inst: Instance,
    scope: Scope,
    budget: Budget,
    fallback: Callable[[], Solution],
    relax: bool = True,
    label: str = "greedy",
) -> tuple[str, list[Assignment], list[Infeasibility]]:
    """A roster for a subproblem without a rule-abiding one: the fewest-rule-breaks roster of
    the slack-relaxed model when ``relax`` (a proved-infeasible subproblem) and time is left for
    it (also naming the rules that bend), else the ``fallback`` roster's shifts for the
    subproblem's officers (the greedy baseline for a new roster — out of time, no time is spent
    on it beyond the baseline — or the published shifts that remain possible for a re-roster)."""
    left = budget.remaining()
    if relax and left >= 0.5:
        # a proved-infeasible subproblem: explain it (and keep its fewest-breaks roster) within
        # what is left of the one budget
        rm = build(RosterModel(inst, scope, relax=True))
        solver = _solver(left, 2, 0)
        status = solver.solve(rm.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            a, _ = extract(rm, solver)
            problems = [
                Infeasibility(s.rule, s.day, s.subject, int(solver.value(s.var)))
                for s in rm.slacks
                if solver.value(s.var) > 0
            ]
            return "relaxed", a, problems
    mine = {o.id for o in scope.officers}
    shifts = [a for a in fallback().assignments if a.officer_id in mine]
    return label, shifts, []


def solve(
    inst: Instance,
    time_limit_s: float = 50.0,
    num_workers: int = 2,
    decompose: bool = True,
    seed: int = 0,
    extra_rules: Iterable[ModelHook] = (),
    progress: Callable[[str], None] | None = None,
    reporter: Reporter | None = None,
) -> Solution:
    """Roster ``inst`` with CP-SAT within ``time_limit_s`` seconds in total (one budget shared
    by the district and sergeant subproblems).

    Statuses are honest: INFEASIBLE only when the solver proved a subproblem infeasible (its
    ``infeasibilities`` name the rule, day and subject that bend, found by re-solving with every
    hard rule relaxed by slack); UNKNOWN (out of time) when no rule-abiding roster was found in
    the budget — the solution then holds the best roster so far (fewest rule breaks, or the greedy
    baseline), which the checker counts. ``extra_rules`` are applied to every subproblem after
    the standard rules. ``progress`` (or ``reporter``) is told before and after each subproblem.
    """
    rep = reporter or Reporter(progress=progress)
    parts = scopes(inst, decompose)
    budget = Budget(time_limit_s, [max(1, len(p.officers)) for p in parts])
    hooks = list(extra_rules)
    assignments: list[Assignment] = []
    penalties: list[PenaltyItem] = []
    problems: list[Infeasibility] = []
    subs: list[SubSolve] = []
    greedy_cache: list[Solution] = []

    def greedy() -> Solution:
        if not greedy_cache:
            from .greedy import greedy_roster

            greedy_cache.append(greedy_roster(inst))
        return greedy_cache[0]

    total = sum(budget.weights)
    for k, scope in enumerate(parts):
        rep.check()
        share = budget.share(k)
        t1 = time.monotonic()
        rep.say(
            f"[{k + 1}/{len(parts)}] {scope.name}: {len(scope.officers)} officers, "
            f"up to {share:.1f} s (elapsed {budget.elapsed():.1f} s of {time_limit_s:.0f} s)"
        )
        status: Any = cp_model.UNKNOWN
        name = OUT_OF_TIME
        if share >= 0.05:
            rm = build(RosterModel(inst, scope), hooks)
            # building the model spends the subproblem's share too: the solver gets the rest
            left = min(share - (time.monotonic() - t1), budget.remaining())
            if left >= 0.05:
                solver, status, best_bound = solve_model(rm.model, left, num_workers, seed)
                name = solver.status_name(status)
        rep.say(
            f"[{k + 1}/{len(parts)}] {scope.name}: {name} in {time.monotonic() - t1:.1f} s "
            f"(elapsed {budget.elapsed():.1f} s)"
        )
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            a, p = extract(rm, solver)
            assignments.extend(a)
            penalties.extend(p)
            subs.append(
                SubSolve(
                    scope.name, name, solver.objective_value, best_bound, time.monotonic() - t1
                )
            )
        else:
            if name not in ("INFEASIBLE", "MODEL_INVALID"):
                name = OUT_OF_TIME
            source, a, bends = best_so_far(inst, scope, budget, greedy, relax=name == "INFEASIBLE")
            assignments.extend(a)
            problems.extend(bends)
            subs.append(SubSolve(scope.name, name, None, None, time.monotonic() - t1, source))
        rep.done(sum(budget.weights[: k + 1]) / total)
    return assemble_solution(
        inst, subs, assignments, penalties, problems, budget.started, time_limit_s
    )


def assemble_solution(
    inst: Instance,
    subs: list[SubSolve],
    assignments: list[Assignment],
    penalties: list[PenaltyItem],
    problems: list[Infeasibility],
    started: float,
    budget: float | None = None,
) -> Solution:
    """One `Solution` from the subproblems' results: overall status, summed objective and
    bound, their gap, and the assignments and problems in day order."""
    overall = combine_status(s.status for s in subs)
    ok = overall in ("OPTIMAL", "FEASIBLE")
    objective = sum(s.objective or 0.0 for s in subs) if ok else None
    bound = sum(s.bound or 0.0 for s in subs) if ok else None
    stats = SolveStats(
        overall,
        objective,
        bound,
        relative_gap(objective, bound),
        time.monotonic() - started,
        tuple(subs),
        budget,
    )
    assignments.sort(key=lambda a: (a.day, a.officer_id))
    problems.sort(key=lambda p: (p.day, p.rule, p.subject))
    return Solution(inst, tuple(assignments), stats, tuple(penalties), tuple(problems))


def explain_scope(inst: Instance, scope: Scope, time_limit_s: float = 10.0) -> list[Infeasibility]:
    """Relax every hard rule of ``scope`` with slack, minimise total slack, list positive slacks."""
    rm = build(RosterModel(inst, scope, relax=True))
    solver = _solver(time_limit_s, 2, 0)
    status = solver.solve(rm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    out = [
        Infeasibility(s.rule, s.day, s.subject, int(solver.value(s.var)))
        for s in rm.slacks
        if solver.value(s.var) > 0
    ]
    return sorted(out, key=lambda p: (p.day, p.rule, p.subject))


def explain_infeasibility(
    inst: Instance, time_limit_s: float = 20.0, decompose: bool = True
) -> list[Infeasibility]:
    """Every hard rule that must bend for ``inst`` to be rostered, earliest day first (empty if none)."""
    out: list[Infeasibility] = []
    parts = scopes(inst, decompose)
    for scope in parts:
        out.extend(explain_scope(inst, scope, time_limit_s / len(parts)))
    return sorted(out, key=lambda p: (p.day, p.rule, p.subject))
