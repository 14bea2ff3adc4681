"""The CP-SAT model: one function per business rule.

:class:`RosterModel` holds the decision variables for a *scope* (some officers, the districts and
divisions whose cover rules apply) and offers two primitives that every hard rule goes through,
:meth:`RosterModel.at_least` and :meth:`RosterModel.at_most`. In normal mode they post the
constraint; in *relaxed* mode they add a named slack variable instead, so an infeasible request can
be explained by the rule, day and subject whose slack had to be positive.

Decision variables: ``x[officer, day, shift] = 1`` when the officer works that shift that day
(no variable exists on an officer's absence days), and for sergeants ``a[sergeant, day, division]
= 1`` when the sergeant's shift supervises that division.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ortools.sat.python import cp_model

from .domain import District, Instance, Officer, Rank, minutes_between
from .school_calendar import DayType

__all__ = [
    "HARD_RULES",
    "SOFT_RULES",
    "PenaltyTerm",
    "RosterModel",
    "Scope",
    "Slack",
    "rule_catalogue",
]

Expr = cp_model.LinearExprT


@dataclass(frozen=True)
class Scope:
    """Part of an instance modelled together (a whole instance, a district, or the sergeants)."""

    name: str
    officers: tuple[Officer, ...]
    districts: tuple[District, ...] = ()
    divisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slack:
    """Relaxed-mode slack of one hard constraint."""

    rule: str
    day: date
    subject: str
    var: cp_model.IntVar


@dataclass(frozen=True)
class PenaltyTerm:
    """One unit-bearing term of a soft rule: ``weight * value(expr)`` enters the objective."""

    rule: str
    day: date | None
    subject: str
    expr: Expr
    weight: int


@dataclass
class RosterModel:
    """Variables and constraints of one scope of an :class:`Instance`."""

    instance: Instance
    scope: Scope
    relax: bool = False
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    a: dict[tuple[str, int, str], cp_model.IntVar] = field(default_factory=dict)
    slacks: list[Slack] = field(default_factory=list)
    penalties: list[PenaltyTerm] = field(default_factory=list)
    extra_cost: list[tuple[Expr, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        inst = self.instance
        for o in self.scope.officers:
            for i, d in enumerate(inst.days):
                if (o.id, d) in inst.absence_on:
                    continue
                for s in inst.shift_types:
                    self.x[o.id, i, s.code] = self.model.new_bool_var(f"x_{o.id}_{i}_{s.code}")
                if o.rank is Rank.SERGEANT and self.scope.divisions:
                    for v in self.scope.divisions:
                        self.a[o.id, i, v] = self.model.new_bool_var(f"a_{o.id}_{i}_{v}")

    # -- expressions ---------------------------------------------------------------------
    @property
    def days(self) -> tuple[date, ...]:
        return self.instance.days

    def shifts(
        self, officer_id: str, i: int, pred: Callable[[str], bool] | None = None
    ) -> list[cp_model.IntVar]:
        """Shift variables of an officer on day ``i`` (optionally only shift codes matching ``pred``)."""
        out = []
        for s in self.instance.shift_types:
            v = self.x.get((officer_id, i, s.code))
            if v is not None and (pred is None or pred(s.code)):
                out.append(v)
        return out

    def on_duty(self, officer_id: str, i: int) -> cp_model.LinearExpr:
        """1 when the officer works a rostered shift on day ``i``."""
        return cp_model.LinearExpr.sum(self.shifts(officer_id, i))

    def works(self, officer_id: str, i: int) -> cp_model.LinearExpr:
        """1 on a working day: a rostered shift or a working absence (training, court...)."""
        absence = self.instance.absence_on.get((officer_id, self.days[i]))
        if absence is not None:
            return cp_model.LinearExpr.sum([1 if absence.counts_as_work else 0])
        return self.on_duty(officer_id, i)

    def minutes(self, officer_id: str, i: int) -> cp_model.LinearExpr:
        """Minutes worked on day ``i`` (shift length, or the credit for a working absence)."""
        d = self.days[i]
        absence = self.instance.absence_on.get((officer_id, d))
        if absence is not None:
            credit = self.instance.rules.absence_work_hours * 60 if absence.counts_as_work else 0
            return cp_model.LinearExpr.sum([credit])
        tz = self.instance.timezone
        vars_, coefs = [], []
        for s in self.instance.shift_types:
            v = self.x.get((officer_id, i, s.code))
            if v is not None:
                vars_.append(v)
                coefs.append(s.minutes(d, tz))
        return cp_model.LinearExpr.weighted_sum(vars_, coefs)

    # -- hard-constraint primitives ------------------------------------------------------
    def _slack(self, rule: str, i: int, subject: str, ub: int) -> cp_model.IntVar:
        v = self.model.new_int_var(0, max(ub, 1), f"slack_{rule}_{i}_{subject}")
        self.slacks.append(Slack(rule, self.days[i], subject, v))
        return v

    def at_least(
        self, rule: str, i: int, subject: str, terms: Sequence[cp_model.IntVar], k: int
    ) -> None:
        """Hard rule ``sum(terms) >= k`` (slack-relaxed in relaxed mode)."""
        expr = cp_model.LinearExpr.sum(list(terms))
        if self.relax:
            self.model.add(expr + self._slack(rule, i, subject, k) >= k)
        else:
            self.model.add(expr >= k)

    def at_most(
        self, rule: str, i: int, subject: str, expr: cp_model.LinearExpr, k: int, ub: int
    ) -> None:
        """Hard rule ``expr <= k`` (slack-relaxed in relaxed mode; ``ub`` bounds the slack)."""
        if self.relax:
            self.model.add(expr - self._slack(rule, i, subject, ub - k) <= k)
        else:
            self.model.add(expr <= k)

    def penalise(self, rule: str, day: date | None, subject: str, expr: Expr, weight: int) -> None:
        self.penalties.append(PenaltyTerm(rule, day, subject, expr, weight))

    def objective_terms(self) -> tuple[list[Expr], list[int]]:
        exprs: list[Expr] = []
        weights: list[int] = []
        if self.relax:
            exprs.extend(s.var for s in self.slacks)
            weights.extend(1 for _ in self.slacks)
            return exprs, weights
        for p in self.penalties:
            exprs.append(p.expr)
            weights.append(p.weight)
        for e, w in self.extra_cost:
            exprs.append(e)
            weights.append(w)
        return exprs, weights

    def constables_of(self, district_id: str) -> list[Officer]:
        return [
            o
            for o in self.scope.officers
            if o.rank is Rank.CONSTABLE and o.district_id == district_id
        ]


# ---------------------------------------------------------------------------------------
# Structural constraints (always hard, never relaxed)
# ---------------------------------------------------------------------------------------
def rule_one_shift_per_day(m: RosterModel) -> None:
    """An officer works at most one shift a day; a sergeant's shift supervises exactly one division.

    Absence days (leave, sickness, training, court, redeployment) have no shift at all: the
    variables are simply not created, so availability is structural too.
    """
    for o in m.scope.officers:
        for i in range(len(m.days)):
            duty = m.shifts(o.id, i)
            if duty:
                m.model.add_at_most_one(duty)
            divs = [m.a[o.id, i, v] for v in m.scope.divisions if (o.id, i, v) in m.a]
            if divs:
                m.model.add(cp_model.LinearExpr.sum(divs) == cp_model.LinearExpr.sum(duty))


# ---------------------------------------------------------------------------------------
# Hard rules: Working Time Regulations and Police Regulations
# ---------------------------------------------------------------------------------------
def _starting_within(
    m: RosterModel, officer_id: str, j: int, end: datetime, minutes: int
) -> list[cp_model.IntVar]:
    """The officer's shift variables on day ``j`` whose shift would start less than ``minutes``
    after ``end``."""
    tz = m.instance.timezone
    return [
        v
        for t in m.instance.shift_types
        if (v := m.x.get((officer_id, j, t.code))) is not None
        and minutes_between(end, t.interval(m.days[j], tz)[0]) < minutes
    ]


def rule_min_rest_between_shifts(m: RosterModel) -> None:
    """At least ``min_rest_hours`` (WTR: 11) between the end of one shift and the start of the next.

    With the default shifts this forbids a late (ends 22:00) followed by an early (07:00, 9h) or a
    day shift (08:00, 10h) the next day. Gaps are real elapsed time, so DST changes count. The
    first days of the horizon keep the rest owed after the officer's last shift of the previous
    roster (carry-over).
    """
    inst = m.instance
    limit = inst.rules.min_rest_hours * 60
    tz = inst.timezone
    n = len(m.days)
    for o in m.scope.officers:
        for i in range(n):
            for s in inst.shift_types:
                xi = m.x.get((o.id, i, s.code))
                if xi is None:
                    continue
                _, end = s.interval(m.days[i], tz)
                for j in (i + 1, i + 2):
                    clash = _starting_within(m, o.id, j, end, limit) if j < n else []
                    if clash:
                        expr = cp_model.LinearExpr.sum([xi, *clash])
                        m.at_most("rule_min_rest_between_shifts", j, o.id, expr, 1, 2)
        last_end = inst.history(o.id).last_shift_end
        if last_end is None:
            continue
        for j in (0, 1):
            clash = _starting_within(m, o.id, j, last_end, limit) if j < n else []
            if clash:
                expr = cp_model.LinearExpr.sum(clash)
                m.at_most("rule_min_rest_between_shifts", j, o.id, expr, 0, 1)


def rest_days_required(rest_days_per_week: int, n_days: int) -> int:
    """Rest days due in a Monday-Sunday week of which ``n_days`` fall in the horizon (pro rata)."""
    return rest_days_per_week if n_days >= 7 else (rest_days_per_week * n_days) // 7


def rule_weekly_rest(m: RosterModel) -> None:
    """Each Monday-Sunday week has at least ``rest_days_per_week`` (default 2) rest days.

    A rest day is a day with no rostered shift and no working absence (annual leave and sickness
    days therefore count as non-working days). Partial weeks at the horizon edges need the pro-rata
    ``floor(rest_days * n / 7)``; when the carry-over knows the days of the first week before the
    horizon, that week is judged whole (rest already taken counts, rest still owed is due). A
    single rest day between two 07:00-22:00 shifts gives at least 33 hours off, so the WTR's 24
    hours' uninterrupted weekly rest follows.
    """
    inst = m.instance
    r = inst.rules.rest_days_per_week
    for k, week in enumerate(inst.weeks()):
        for o in m.scope.officers:
            n, before_off = len(week), 0
            if k == 0:
                h = inst.history(o.id)
                n += h.week_days_before
                before_off = h.week_days_before - h.week_worked_before
            need = max(0, rest_days_required(r, n) - before_off)
            if need == 0:
                continue
            expr = cp_model.LinearExpr.sum([m.works(o.id, i) for i in week])
            m.at_most("rule_weekly_rest", week[0], o.id, expr, len(week) - need, len(week))


def rule_max_consecutive_days(m: RosterModel) -> None:
    """No run of more than ``max_consecutive_days`` working days (shifts or working absences),
    counting the days in a row the officer had already worked at the end of the previous roster."""
    k = m.instance.rules.max_consecutive_days
    n = len(m.days)
    for o in m.scope.officers:
        before = min(k, m.instance.history(o.id).consecutive_days)
        if before > 0:
            span = min(n, k - before + 1)
            expr = cp_model.LinearExpr.sum([m.works(o.id, i) for i in range(span)])
            m.at_most("rule_max_consecutive_days", span - 1, o.id, expr, k - before, span)
        for start in range(0, n - k):
            window = range(start, start + k + 1)
            expr = cp_model.LinearExpr.sum([m.works(o.id, i) for i in window])
            m.at_most("rule_max_consecutive_days", start + k, o.id, expr, k, k + 1)


def reference_windows(n_days: int, weeks: int, weekly_hours: int) -> list[tuple[int, int, int]]:
    """(first day, last day exclusive, cap in minutes) of each reference-period window.

    A horizon shorter than the reference period gets the pro-rata cap ``floor(h * 60 * n / 7)``.
    """
    period = weeks * 7
    if n_days <= period:
        return [(0, n_days, weekly_hours * 60 * n_days // 7)]
    cap = weekly_hours * 60 * weeks
    return [(s, s + period, cap) for s in range(0, n_days - period + 1)]


def rule_reference_period_hours(m: RosterModel) -> None:
    """Average weekly hours at most 48 (WTR) over the 17-week reference period (pro rata if shorter)."""
    rules = m.instance.rules
    n = len(m.days)
    windows = reference_windows(n, rules.reference_period_weeks, rules.max_average_weekly_hours)
    for o in m.scope.officers:
        if len(windows) == 1:
            lo, hi, cap = windows[0]
            expr = cp_model.LinearExpr.sum([m.minutes(o.id, i) for i in range(lo, hi)])
            m.at_most("rule_reference_period_hours", lo, o.id, expr, cap, 24 * 60 * (hi - lo))
            continue
        # Rolling windows over a long horizon: running totals keep the model linear in the
        # horizon (total[i] = minutes of days 0..i-1), each window being total[hi] - total[lo].
        total = [m.model.new_constant(0)]
        for i in range(n):
            t = m.model.new_int_var(0, 24 * 60 * (i + 1), f"mins_{o.id}_{i}")
            m.model.add(t == total[-1] + m.minutes(o.id, i))
            total.append(t)
        for lo, hi, cap in windows:
            expr = cp_model.LinearExpr.sum([total[hi], -total[lo]])
            m.at_most("rule_reference_period_hours", lo, o.id, expr, cap, 24 * 60 * (hi - lo))


def rule_part_time_pattern(m: RosterModel) -> None:
    """A part-time contract's weekly caps (days, hours) and fixed days off are respected."""
    for o in m.scope.officers:
        c = o.contract
        if c.is_full_time:
            continue
        for week in m.instance.weeks():
            if c.max_days_per_week is not None and c.max_days_per_week < len(week):
                expr = cp_model.LinearExpr.sum([m.works(o.id, i) for i in week])
                m.at_most(
                    "rule_part_time_pattern", week[0], o.id, expr, c.max_days_per_week, len(week)
                )
            if c.max_hours_per_week is not None:
                expr = cp_model.LinearExpr.sum([m.minutes(o.id, i) for i in week])
                cap = int(c.max_hours_per_week * 60)
                m.at_most("rule_part_time_pattern", week[0], o.id, expr, cap, 24 * 60 * len(week))
        for i, d in enumerate(m.days):
            if d.weekday() in c.fixed_days_off:
                m.at_most("rule_part_time_pattern", i, o.id, m.on_duty(o.id, i), 0, 1)


def rule_district_daily_cover(m: RosterModel) -> None:
    """Every district has at least one constable on duty every day of the week."""
    for dist in m.scope.districts:
        team = m.constables_of(dist.id)
        for i in range(len(m.days)):
            terms = [v for o in team for v in m.shifts(o.id, i)]
            m.at_least("rule_district_daily_cover", i, dist.id, terms, 1)


def _is_school_hours(m: RosterModel) -> Callable[[str], bool]:
    codes = {s.code for s in m.instance.shift_types if s.school_hours}
    return codes.__contains__


def rule_school_hours_presence(m: RosterModel) -> None:
    """On a school day, a district with an open school has a constable on the school-hours shift.

    The named officer should be that constable (soft rule ``rule_named_officer_at_school``); when
    they are not, another constable of the district on the school-hours shift covers.
    """
    inst = m.instance
    school_hours = _is_school_hours(m)
    for dist in m.scope.districts:
        schools = [s for s in inst.schools if s.district_id == dist.id]
        team = m.constables_of(dist.id)
        for i, d in enumerate(m.days):
            if inst.day_types[i] is not DayType.SCHOOL_DAY:
                continue
            if not any(inst.calendar.school_open(s.id, d) for s in schools):
                continue
            terms = [v for o in team for v in m.shifts(o.id, i, school_hours)]
            m.at_least("rule_school_hours_presence", i, dist.id, terms, 1)


def named_presence_required(m_share: float, available_days: int, contract_days: int | None) -> int:
    """School days a named officer must spend on the school-hours shift (see the rule below)."""
    factor = 1.0 if contract_days is None else min(1.0, contract_days / 5)
    return math.floor(m_share * available_days * factor)


def officer_open_school_days(inst: Instance, officer: Officer) -> list[int]:
    """Day indexes when at least one of the officer's schools is open and the officer is available."""
    schools = inst.schools_of(officer.id)
    out = []
    for i, d in enumerate(inst.days):
        if (officer.id, d) in inst.absence_on or d.weekday() in officer.contract.fixed_days_off:
            continue
        if any(inst.calendar.school_open(s.id, d) for s in schools):
            out.append(i)
    return out


def rule_named_officer_most_school_days(m: RosterModel) -> None:
    """A constable with named schools works the school-hours shift on most of their school days.

    "Most" is ``named_presence_min_share`` (default 0.5) of the school days on which one of their
    schools is open and they are available (not absent, not a fixed day off), scaled by
    ``max_days_per_week / 5`` for part-time contracts, rounded down, over the whole horizon.
    """
    inst = m.instance
    share = inst.rules.named_presence_min_share
    school_hours = _is_school_hours(m)
    for o in m.scope.officers:
        if o.rank is not Rank.CONSTABLE or not inst.schools_of(o.id):
            continue
        days = officer_open_school_days(inst, o)
        need = named_presence_required(share, len(days), o.contract.max_days_per_week)
        if need == 0:
            continue
        terms = [v for i in days for v in m.shifts(o.id, i, school_hours)]
        m.at_least("rule_named_officer_most_school_days", days[-1], o.id, terms, need)


def rule_holiday_youth_cover(m: RosterModel) -> None:
    """Outside term (holidays, including their weekends) every district has a youth-cover shift
    (day or late by default) for youth activities."""
    inst = m.instance
    youth = {s.code for s in inst.shift_types if s.youth_cover}
    for dist in m.scope.districts:
        team = m.constables_of(dist.id)
        for i, d in enumerate(m.days):
            if not inst.is_youth_cover_day(d):
                continue
            terms = [v for o in team for v in m.shifts(o.id, i, youth.__contains__)]
            m.at_least("rule_holiday_youth_cover", i, dist.id, terms, 1)


def rule_sergeant_division_cover(m: RosterModel) -> None:
    """Every division has a sergeant on duty supervising it every day.

    Any sergeant may supervise any division (soft rule ``rule_sergeant_home_division`` prefers
    their own), so one sergeant's leave does not leave a division unsupervised. An instance without
    sergeants skips this rule.
    """
    sergeants = [o for o in m.scope.officers if o.rank is Rank.SERGEANT]
    for v in m.scope.divisions:
        for i in range(len(m.days)):
            terms = [m.a[s.id, i, v] for s in sergeants if (s.id, i, v) in m.a]
            m.at_least("rule_sergeant_division_cover", i, v, terms, 1)


# ---------------------------------------------------------------------------------------
# Soft rules (named penalties)
# ---------------------------------------------------------------------------------------
def rule_named_officer_at_school(m: RosterModel) -> None:
    """Penalty per school and open school day its named officer is not on the school-hours shift."""
    inst = m.instance
    w = inst.rules.weights.named_officer_absent
    school_hours = _is_school_hours(m)
    for o in m.scope.officers:
        for school in inst.schools_of(o.id):
            for i, d in enumerate(m.days):
                if inst.calendar.school_open(school.id, d):
                    present = cp_model.LinearExpr.sum(m.shifts(o.id, i, school_hours))
                    m.penalise("rule_named_officer_at_school", d, school.id, 1 - present, w)


def rule_weekend_early_and_late(m: RosterModel) -> None:
    """On days that are not school days (weekends, holidays, bank holidays, closures) a district
    should have both an early-ish (non-late) shift and a late shift: penalty per missing one."""
    inst = m.instance
    if not inst.rules.weekend_early_and_late:
        return
    w = inst.rules.weights.weekend_early_and_late
    late = {s.code for s in inst.shift_types if s.late}
    for dist in m.scope.districts:
        team = m.constables_of(dist.id)
        for i, d in enumerate(m.days):
            if inst.day_types[i] is DayType.SCHOOL_DAY:
                continue
            for label, pred in (("early", lambda c: c not in late), ("late", late.__contains__)):
                terms = [v for o in team for v in m.shifts(o.id, i, pred)]
                miss = m.model.new_bool_var(f"miss_{label}_{dist.id}_{i}")
                m.model.add(cp_model.LinearExpr.sum(terms) + miss >= 1)
                m.penalise("rule_weekend_early_and_late", d, f"{dist.id}:{label}", miss, w)


def fairness_groups(m: RosterModel) -> dict[str, list[Officer]]:
    """Officers of comparable contract who share a rota: per district (constables) or all sergeants."""
    groups: dict[str, list[Officer]] = {}
    for o in m.scope.officers:
        team = o.district_id if o.rank is Rank.CONSTABLE else "sergeants"
        groups.setdefault(f"{team}:{o.contract.key}", []).append(o)
    return {k: v for k, v in groups.items() if len(v) >= 2}


def _spread(
    m: RosterModel, kind: str, days: list[int], shift: Callable[[str], bool] | None = None
) -> None:
    """The fairness rule for ``kind`` ("weekends", "lates", "bank_holidays"): shifts of that
    kind (those on ``days`` matching ``shift``) spread evenly over the fairness year. Penalty
    ``rule_fair_<kind>`` of ``fairness_<kind> * (max - min)`` over each fairness group of the
    counts earlier in the year (the carry-over's ``<kind>``) plus those of this roster."""
    rule = f"rule_fair_{kind}"
    weight = int(getattr(m.instance.rules.weights, f"fairness_{kind}"))

    def before(o: Officer) -> int:
        return int(getattr(m.instance.history(o.id), kind))

    n = len(m.days)
    for name, members in fairness_groups(m).items():
        top = n + max(before(o) for o in members)
        hi = m.model.new_int_var(0, top, f"hi_{rule}_{name}")
        lo = m.model.new_int_var(0, top, f"lo_{rule}_{name}")
        for o in members:
            worked = cp_model.LinearExpr.sum([v for i in days for v in m.shifts(o.id, i, shift)])
            c = worked + before(o)
            m.model.add(hi >= c)
            m.model.add(lo <= c)
        m.penalise(rule, None, name, hi - lo, weight)


def rule_fair_weekends(m: RosterModel) -> None:
    """Weekend (Saturday/Sunday) shifts spread evenly over the year: penalty on max - min (earlier
    weekends of the fairness year included) within each group of officers of comparable contract
    sharing a rota (a district's constables; the sergeants)."""
    _spread(m, "weekends", [i for i, d in enumerate(m.days) if d.weekday() >= 5])


def rule_fair_lates(m: RosterModel) -> None:
    """Late shifts spread evenly over the year: penalty on max - min (earlier lates of the fairness
    year included) within each fairness group."""
    late = {s.code for s in m.instance.shift_types if s.late}
    _spread(m, "lates", list(range(len(m.days))), late.__contains__)


def rule_fair_bank_holidays(m: RosterModel) -> None:
    """Bank-holiday shifts spread evenly over the year: penalty on max - min (earlier bank
    holidays of the fairness year included) within each fairness group."""
    bank = [i for i, t in enumerate(m.instance.day_types) if t is DayType.BANK_HOLIDAY]
    _spread(m, "bank_holidays", bank)


def rule_sergeant_home_division(m: RosterModel) -> None:
    """Penalty per day a sergeant supervises a division other than their own."""
    w = m.instance.rules.weights.sergeant_outside_division
    for (sid, i, v), var in m.a.items():
        if m.instance.officer_by_id[sid].division != v:
            m.penalise("rule_sergeant_home_division", m.days[i], sid, var, w)


HARD_RULES: tuple[Callable[[RosterModel], None], ...] = (
    rule_min_rest_between_shifts,
    rule_weekly_rest,
    rule_max_consecutive_days,
    rule_reference_period_hours,
    rule_part_time_pattern,
    rule_district_daily_cover,
    rule_school_hours_presence,
    rule_named_officer_most_school_days,
    rule_holiday_youth_cover,
    rule_sergeant_division_cover,
)

SOFT_RULES: tuple[Callable[[RosterModel], None], ...] = (
    rule_named_officer_at_school,
    rule_weekend_early_and_late,
    rule_fair_weekends,
    rule_fair_lates,
    rule_fair_bank_holidays,
    rule_sergeant_home_division,
)


def build(m: RosterModel, extra: Iterable[Callable[[RosterModel], None]] = ()) -> RosterModel:
    """Post the structural constraints, every hard rule, every soft rule (unless relaxed), extras."""
    rule_one_shift_per_day(m)
    for rule in HARD_RULES:
        rule(m)
    if not m.relax:
        for rule in SOFT_RULES:
            rule(m)
    for fn in extra:
        fn(m)
    exprs, weights = m.objective_terms()
    m.model.minimize(cp_model.LinearExpr.weighted_sum(exprs, weights))
    return m


def rule_catalogue(inst: Instance) -> list[dict[str, object]]:
    """Every rule with its kind, limit and business statement (the document's ``rules`` section)."""
    r = inst.rules
    w = r.weights
    n = len(inst.days)
    windows = reference_windows(n, r.reference_period_weeks, r.max_average_weekly_hours)
    limits: dict[str, dict[str, object]] = {
        "rule_one_shift_per_day": {"shifts_per_day": 1},
        "rule_availability": {"shifts_on_absence_days": 0},
        "rule_min_rest_between_shifts": {"hours": r.min_rest_hours},
        "rule_weekly_rest": {
            "rest_days_per_week": r.rest_days_per_week,
            "partial_week": "floor(rest_days * days / 7)",
        },
        "rule_max_consecutive_days": {"days": r.max_consecutive_days},
        "rule_reference_period_hours": {
            "average_weekly_hours": r.max_average_weekly_hours,
            "reference_period_weeks": r.reference_period_weeks,
            "pro_rata": n < r.reference_period_weeks * 7,
            "window_days": windows[0][1] - windows[0][0],
            "window_cap_minutes": windows[0][2],
            "absence_work_hours": r.absence_work_hours,
        },
        "rule_part_time_pattern": {"per": "officer contract"},
        "rule_district_daily_cover": {"constables_on_duty": 1},
        "rule_school_hours_presence": {
            "school_hours_shifts": 1,
            "shift_codes": [s.code for s in inst.shift_types if s.school_hours],
        },
        "rule_named_officer_most_school_days": {
            "share": inst.rules.named_presence_min_share,
            "rounding": "floor",
        },
        "rule_holiday_youth_cover": {
            "youth_cover_shifts": 1,
            "shift_codes": [s.code for s in inst.shift_types if s.youth_cover],
        },
        "rule_sergeant_division_cover": {"sergeants_on_duty": 1},
        "rule_named_officer_at_school": {"weight": w.named_officer_absent},
        "rule_weekend_early_and_late": {
            "weight": w.weekend_early_and_late,
            "enabled": r.weekend_early_and_late,
        },
        "rule_fair_weekends": {"weight": w.fairness_weekends, "measure": "max - min per group"},
        "rule_fair_lates": {"weight": w.fairness_lates, "measure": "max - min per group"},
        "rule_fair_bank_holidays": {
            "weight": w.fairness_bank_holidays,
            "measure": "max - min per group",
        },
        "rule_sergeant_home_division": {"weight": w.sergeant_outside_division},
    }
    docs: dict[str, str] = {
        "rule_one_shift_per_day": (rule_one_shift_per_day.__doc__ or "").strip(),
        "rule_availability": "No shift on a day the officer is absent (leave, sickness, training, court, redeployment).",
    }
    for fn in (*HARD_RULES, *SOFT_RULES):
        docs[fn.__name__] = " ".join((fn.__doc__ or "").split())
    soft = {fn.__name__ for fn in SOFT_RULES}
    return [
        {
            "name": name,
            "kind": "soft" if name in soft else "hard",
            "limit": limit,
            "description": " ".join(docs.get(name, "").split()),
        }
        for name, limit in limits.items()
    ]
