"""Re-rostering after an absence or a redeployment, against the published roster.

The caller passes the *updated* instance (new absences, an officer moved to another district, a
new closure...) and the published roster. For each subproblem the engine

1. freezes the past: every officer-day before ``now``'s date, and any published shift that has
   already started, keeps its published value;
2. **phase 1** minimises the change cost: 10 per changed officer-day (a shift added, removed, or
   moved to another shift type or division), plus 20 more for cancelling a rest day with less than
   15 days' notice, plus 40 more with less than 8 days', plus 40 for changing a start time with less
   than 8 hours' notice;
3. **phase 2** keeps the change cost at its phase-1 value and minimises the usual soft penalties.

Notice rules flagged on each change (Police Regulations 2003, Annex G, as applied here; the
thresholds are parameters of :class:`NoticePolicy`):

* a published rest day cancelled with less than 15 days' notice -> compensated at time and a half;
  with less than 8 days' notice -> double time;
* a shift's start time changed with less than 8 hours' notice -> flagged (``start_change_under_8h``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ortools.sat.python import cp_model

from .domain import Instance, Rank
from .rules import RosterModel, Scope, build
from .solver import (
    OUT_OF_TIME,
    Assignment,
    Budget,
    Infeasibility,
    PenaltyItem,
    Reporter,
    SchoolGap,
    Solution,
    SolveStats,
    SubSolve,
    _solver,
    assemble_solution,
    best_so_far,
    extract,
    scopes,
)

__all__ = ["Change", "NoticePolicy", "RerosterResult", "reroster"]


@dataclass(frozen=True)
class NoticePolicy:
    """Notice thresholds, compensation labels and change costs used by :func:`reroster`."""

    rest_day_notice_days: int = 15
    rest_day_short_notice_days: int = 8
    rest_day_compensation: str = "time and a half"
    rest_day_short_compensation: str = "double time"
    start_change_notice_hours: int = 8
    change_cost: int = 10
    short_notice_cost: int = 20
    very_short_notice_cost: int = 40
    start_change_cost: int = 40


@dataclass(frozen=True)
class Change:
    """One officer-day that differs from the published roster."""

    officer_id: str
    day: date
    before: str | None
    after: str | None
    before_division: str | None
    after_division: str | None
    kind: str  # rest_day_cancelled | shift_removed | start_time_changed | shift_changed
    notice_days: int
    notice_hours: float
    flags: tuple[str, ...] = ()
    compensation: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "officer": self.officer_id,
            "date": self.day.isoformat(),
            "before": self.before,
            "after": self.after,
            "before_division": self.before_division,
            "after_division": self.after_division,
            "kind": self.kind,
            "notice_days": self.notice_days,
            "notice_hours": round(self.notice_hours, 2),
            "flags": list(self.flags),
            "compensation": self.compensation,
        }


@dataclass
class RerosterResult:
    """The new roster, what changed, and which schools lack their named officer."""

    solution: Solution
    changes: tuple[Change, ...]
    schools_without_named_officer: tuple[SchoolGap, ...]
    new_school_gaps: tuple[SchoolGap, ...] = field(default=())

    def to_document(self) -> dict[str, Any]:
        """The solution's document plus ``changes`` and ``new_school_gaps`` sections."""
        doc = self.solution.to_document()
        doc["changes"] = [c.as_dict() for c in self.changes]
        doc["new_school_gaps"] = [
            {
                "school": g.school_id,
                "date": g.day.isoformat(),
                "named_officer": g.named_officer_id,
                "covered_by": list(g.covered_by),
            }
            for g in self.new_school_gaps
        ]
        return doc


def _published_index(
    published: Solution | Iterable[Assignment],
) -> dict[tuple[str, date], Assignment]:
    items = published.assignments if isinstance(published, Solution) else tuple(published)
    return {(a.officer_id, a.day): a for a in items}


def _rules_for(
    pub: dict[tuple[str, date], Assignment],
    now: datetime,
    policy: NoticePolicy,
    freeze_all: bool = False,
) -> tuple[Any, list[tuple[cp_model.LinearExprT, int]]]:
    """A model hook that freezes the past (or, with ``freeze_all``, every day: a subproblem the
    change does not touch) and records the change-cost terms."""
    change_terms: list[tuple[cp_model.LinearExprT, int]] = []

    def hook(m: RosterModel) -> None:
        inst = m.instance
        tz = inst.timezone
        for o in m.scope.officers:
            for i, d in enumerate(m.days):
                p = pub.get((o.id, d))
                xs = {s.code: m.x.get((o.id, i, s.code)) for s in inst.shift_types}
                if not any(v is not None for v in xs.values()):
                    if p is not None:
                        change_terms.append((1, policy.change_cost))  # forced: now absent
                    continue
                started = p is not None and inst.shift_by_code[p.shift].interval(d, tz)[0] <= now
                if freeze_all or d < now.date() or started:
                    for code, v in xs.items():
                        if v is not None:
                            m.model.add(v == int(p is not None and p.shift == code))
                    if p is not None and o.rank is Rank.SERGEANT and (o.id, i, p.division) in m.a:
                        m.model.add(m.a[o.id, i, p.division] == 1)
                    continue
                for code, v in xs.items():
                    if v is not None:
                        m.model.add_hint(v, int(p is not None and p.shift == code))
                notice_days = (d - now.date()).days
                if p is None:
                    duty = m.on_duty(o.id, i)
                    extra = 0
                    if notice_days < policy.rest_day_short_notice_days:
                        extra = policy.very_short_notice_cost
                    elif notice_days < policy.rest_day_notice_days:
                        extra = policy.short_notice_cost
                    change_terms.append((duty, policy.change_cost + extra))
                    continue
                same = xs.get(p.shift)
                if o.rank is Rank.SERGEANT and same is not None and (o.id, i, p.division) in m.a:
                    both = m.model.new_bool_var(f"same_{o.id}_{i}")
                    m.model.add(both <= same)
                    m.model.add(both <= m.a[o.id, i, p.division])
                    same = both
                change_terms.append((1 - same if same is not None else 1, policy.change_cost))
                old_start = inst.shift_by_code[p.shift].interval(d, tz)[0]
                for code, v in xs.items():
                    if v is None or code == p.shift:
                        continue
                    new_start = inst.shift_by_code[code].interval(d, tz)[0]
                    hours = (min(old_start, new_start) - now).total_seconds() / 3600
                    if new_start != old_start and hours < policy.start_change_notice_hours:
                        change_terms.append((v, policy.start_change_cost))
        m.extra_cost.extend(change_terms)

    return hook, change_terms


def _repair_scope(
    inst: Instance,
    scope: Scope,
    pub: dict[tuple[str, date], Assignment],
    now: datetime,
    policy: NoticePolicy,
    share: float,
    num_workers: int,
    freeze_all: bool,
) -> tuple[SubSolve, list[Assignment], list[PenaltyItem]] | None:
    """Phase 1 (fewest changes) then phase 2 (usual penalties at that change cost) for one
    subproblem within ``share`` seconds; None when no rule-abiding repair was found."""
    t1 = time.monotonic()
    hook, change_terms = _rules_for(pub, now, policy, freeze_all)
    rm = build(RosterModel(inst, scope), [hook])
    share -= time.monotonic() - t1  # the model's building spends the share too
    if share < 0.1:
        return None
    t_solve = time.monotonic()
    soft_exprs = [p.expr for p in rm.penalties]
    soft_weights = [p.weight for p in rm.penalties]
    change = cp_model.LinearExpr.weighted_sum(
        [e for e, _ in change_terms], [w for _, w in change_terms]
    )
    rm.model.minimize(change)
    solver = _solver(share / 2, num_workers, 0)
    status = solver.solve(rm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    best_change = int(solver.objective_value)
    rm.model.clear_hints()  # type: ignore[no-untyped-call]
    for var in rm.x.values():
        rm.model.add_hint(var, solver.boolean_value(var))
    for var in rm.a.values():
        rm.model.add_hint(var, solver.boolean_value(var))
    rm.model.add(change <= best_change)
    rm.model.minimize(cp_model.LinearExpr.weighted_sum(soft_exprs, soft_weights))
    left = share - (time.monotonic() - t_solve)
    status2 = cp_model.UNKNOWN
    solver2 = solver
    if left >= 0.1:
        solver2 = _solver(left, num_workers, 0)
        status2 = solver2.solve(rm.model)
    final = solver2 if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE) else solver
    a, p = extract(rm, final)
    both_optimal = status == cp_model.OPTIMAL and status2 == cp_model.OPTIMAL
    sub_objective = best_change + (solver2.objective_value if final is solver2 else 0.0)
    sub_bound = solver.best_objective_bound + (
        solver2.best_objective_bound if final is solver2 else 0.0
    )
    sub = SubSolve(
        scope.name,
        "OPTIMAL" if both_optimal else "FEASIBLE",
        sub_objective,
        sub_bound,
        time.monotonic() - t1,
    )
    return sub, a, p


def reroster(
    inst: Instance,
    published: Solution | Iterable[Assignment],
    now: datetime,
    time_limit_s: float = 30.0,
    num_workers: int = 2,
    policy: NoticePolicy | None = None,
    progress: Callable[[str], None] | None = None,
    affected: Iterable[str] | None = None,
    reporter: Reporter | None = None,
) -> RerosterResult:
    """Repair ``published`` for the updated ``inst`` with as few changes as possible, within one
    overall budget of ``time_limit_s`` seconds.

    ``now`` must be timezone-aware (the moment the change is made, for notice periods).
    ``affected`` (officer ids) limits the repair to the subproblems (districts, sergeants) of
    those officers: every other subproblem keeps its published shifts unchanged unless they
    break a rule under the updated instance, when it is repaired too.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    policy = policy or NoticePolicy()
    rep = reporter or Reporter(progress=progress)
    pub = _published_index(published)
    parts = scopes(inst, True)
    touched = set(affected) if affected is not None else None
    budget = Budget(time_limit_s, [max(1, len(p.officers)) for p in parts])
    assignments: list[Assignment] = []
    penalties: list[PenaltyItem] = []
    problems: list[Infeasibility] = []
    subs: list[SubSolve] = []

    def still_possible() -> Solution:
        kept = tuple(
            a
            for a in pub.values()
            if inst.start <= a.day <= inst.end
            and a.officer_id in inst.officer_by_id
            and (a.officer_id, a.day) not in inst.absence_on
        )
        return Solution(inst, kept, SolveStats("PUBLISHED", None, None, None, 0.0))

    total = sum(budget.weights)
    for k, scope in enumerate(parts):
        rep.check()
        share = budget.share(k)
        freeze = touched is not None and not ({o.id for o in scope.officers} & touched)
        rep.say(
            f"[{k + 1}/{len(parts)}] {scope.name}: {len(scope.officers)} officers"
            f"{' (unchanged unless a rule needs it)' if freeze else ''} "
            f"(elapsed {budget.elapsed():.1f} s of {time_limit_s:.0f} s)"
        )
        out = None
        if share >= 0.05:
            out = _repair_scope(inst, scope, pub, now, policy, share, num_workers, freeze)
            if out is None and freeze:
                out = _repair_scope(
                    inst, scope, pub, now, policy, budget.share(k), num_workers, False
                )
        if out is not None:
            sub, a, p = out
            subs.append(sub)
            assignments.extend(a)
            penalties.extend(p)
        else:
            source, a, bends = best_so_far(
                inst, scope, budget, still_possible, relax=False, label="published"
            )
            assignments.extend(a)
            problems.extend(bends)
            subs.append(SubSolve(scope.name, OUT_OF_TIME, None, None, 0.0, source))
        rep.done(sum(budget.weights[: k + 1]) / total)
    solution = assemble_solution(
        inst, subs, assignments, penalties, problems, budget.started, time_limit_s
    )
    changes = _changes(inst, pub, solution, now, policy)
    gaps = tuple(g for g in solution.schools_without_named_officer() if g.day >= now.date())
    old = _old_gaps(inst, pub)
    new_gaps = tuple(g for g in gaps if (g.school_id, g.day) not in old)
    return RerosterResult(solution, changes, gaps, new_gaps)


def _old_gaps(inst: Instance, pub: dict[tuple[str, date], Assignment]) -> set[tuple[str, date]]:
    hours = {s.code for s in inst.shift_types if s.school_hours}
    out = set()
    for school in inst.schools:
        for d in inst.days:
            if not inst.calendar.school_open(school.id, d):
                continue
            a = pub.get((school.named_officer_id, d)) if school.named_officer_id else None
            if a is None or a.shift not in hours:
                out.add((school.id, d))
    return out


def _changes(
    inst: Instance,
    pub: dict[tuple[str, date], Assignment],
    solution: Solution,
    now: datetime,
    policy: NoticePolicy,
) -> tuple[Change, ...]:
    tz = inst.timezone
    new = {(a.officer_id, a.day): a for a in solution.assignments}
    out = []
    for key in sorted(set(pub) | set(new), key=lambda k: (k[1], k[0])):
        oid, d = key
        if not inst.start <= d <= inst.end or oid not in inst.officer_by_id:
            continue
        p, n = pub.get(key), new.get(key)
        if p is not None and n is not None and p.shift == n.shift and p.division == n.division:
            continue
        ref = n or p
        assert ref is not None
        start = inst.shift_by_code[ref.shift].interval(d, tz)[0]
        if p is not None and n is not None:
            start = min(start, inst.shift_by_code[p.shift].interval(d, tz)[0])
        notice_days = (d - now.date()).days
        notice_hours = (start - now).total_seconds() / 3600
        flags: list[str] = []
        compensation = None
        if p is None:
            kind = "rest_day_cancelled"
            if (oid, d) in inst.absence_on:
                kind = "shift_added"
            elif notice_days < policy.rest_day_short_notice_days:
                flags.append("rest_day_cancelled_under_8_days")
                compensation = policy.rest_day_short_compensation
            elif notice_days < policy.rest_day_notice_days:
                flags.append("rest_day_cancelled_under_15_days")
                compensation = policy.rest_day_compensation
        elif n is None:
            kind = "shift_removed"
        else:
            p_start = inst.shift_by_code[p.shift].interval(d, tz)[0]
            n_start = inst.shift_by_code[n.shift].interval(d, tz)[0]
            kind = "start_time_changed" if p_start != n_start else "shift_changed"
            if kind == "start_time_changed" and notice_hours < policy.start_change_notice_hours:
                flags.append("start_change_under_8h")
        out.append(
            Change(
                oid,
                d,
                p.shift if p else None,
                n.shift if n else None,
                p.division if p else None,
                n.division if n else None,
                kind,
                notice_days,
                notice_hours,
                tuple(flags),
                compensation,
            )
        )
    return tuple(out)
