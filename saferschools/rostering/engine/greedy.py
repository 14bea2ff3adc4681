"""A greedy rota: the baseline a hand-built roster resembles, for the bench.

Day by day, district by district: on school days every named officer with an open school who can
still work gets the school-hours shift (fewest days worked this week first); other days get an
early-ish shift and a late. It respects availability, the 11-hour rest, weekly rest days,
consecutive days and part-time caps *as it goes*, but never looks ahead, so late in the week it
can run out of officers and leave cover holes that the checker reports.
"""

from __future__ import annotations

import time as _time
from datetime import date, datetime

from .domain import Instance, Officer, Rank, ShiftType, minutes_between
from .rules import rest_days_required
from .school_calendar import DayType
from .solver import Assignment, Solution, SolveStats

__all__ = ["greedy_roster"]


class _State:
    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.last_end: dict[str, datetime] = {
            c.officer_id: c.last_shift_end for c in inst.carry_over if c.last_shift_end
        }
        self.run: dict[str, int] = {
            o.id: inst.history(o.id).consecutive_days for o in inst.officers
        }
        self.first_week = True
        self.week_days: dict[str, int] = {}
        self.week_minutes: dict[str, int] = {}
        self.total_minutes: dict[str, int] = {o.id: 0 for o in inst.officers}
        self.week_len = 7
        self.today: set[str] = set()

    def new_week(self, length: int) -> None:
        """Start a Monday-Sunday week; the first one counts the days before the horizon."""
        self.week_len = length
        self.week_days = {o.id: 0 for o in self.inst.officers}
        self.week_minutes = {o.id: 0 for o in self.inst.officers}
        self.week_before: dict[str, tuple[int, int]] = {}
        if self.first_week:
            self.first_week = False
            for c in self.inst.carry_over:
                self.week_before[c.officer_id] = (c.week_days_before, c.week_worked_before)

    def can_work(self, o: Officer, day: date, st: ShiftType) -> bool:
        inst = self.inst
        r = inst.rules
        if (
            o.id in self.today
            or (o.id, day) in inst.absence_on
            or day.weekday() in o.contract.fixed_days_off
        ):
            return False
        if self.run[o.id] >= r.max_consecutive_days:
            return False
        before, worked_before = self.week_before.get(o.id, (0, 0))
        length = self.week_len + before
        allowed = self.week_len - max(
            0, rest_days_required(r.rest_days_per_week, length) - (before - worked_before)
        )
        c = o.contract
        if c.max_days_per_week is not None:
            allowed = min(allowed, c.max_days_per_week)
        if self.week_days[o.id] >= allowed:
            return False
        mins = st.minutes(day, inst.timezone)
        if (
            c.max_hours_per_week is not None
            and self.week_minutes[o.id] + mins > c.max_hours_per_week * 60
        ):
            return False
        cap = (
            r.max_average_weekly_hours * 60 * min(len(inst.days), r.reference_period_weeks * 7) // 7
        )
        if self.total_minutes[o.id] + mins > cap:
            return False
        start, _ = st.interval(day, inst.timezone)
        last = self.last_end.get(o.id)
        return last is None or minutes_between(last, start) >= r.min_rest_hours * 60

    def take(self, o: Officer, day: date, st: ShiftType) -> None:
        _, end = st.interval(day, self.inst.timezone)
        self.last_end[o.id] = end
        self.today.add(o.id)
        mins = st.minutes(day, self.inst.timezone)
        self.week_days[o.id] += 1
        self.week_minutes[o.id] += mins
        self.total_minutes[o.id] += mins

    def close_day(self, day: date) -> None:
        for o in self.inst.officers:
            a = self.inst.absence_on.get((o.id, day))
            worked = o.id in self.today or (a is not None and a.counts_as_work)
            if a is not None and a.counts_as_work:
                self.week_days[o.id] += 1
                credit = self.inst.rules.absence_work_hours * 60
                self.week_minutes[o.id] += credit
                self.total_minutes[o.id] += credit
            self.run[o.id] = self.run[o.id] + 1 if worked else 0
        self.today = set()


def greedy_roster(inst: Instance) -> Solution:
    """The greedy baseline roster (status ``GREEDY``; verify it with the checker)."""
    t0 = _time.monotonic()
    st = _State(inst)
    school_hours = next(s for s in inst.shift_types if s.school_hours)
    late = next((s for s in inst.shift_types if s.late), inst.shift_types[-1])
    early = next(
        (s for s in inst.shift_types if not s.late and not s.school_hours), inst.shift_types[0]
    )
    youth_early = next((s for s in inst.shift_types if s.youth_cover and not s.late), school_hours)
    week_of = {i: w for w in inst.weeks() for i in w}
    out: list[Assignment] = []
    for i, day in enumerate(inst.days):
        if i == week_of[i][0]:
            st.new_week(len(week_of[i]))
        school_day = inst.day_types[i] is DayType.SCHOOL_DAY
        for dist in inst.districts:
            team = sorted(inst.constables(dist.id), key=lambda o: (st.week_days[o.id], o.id))
            placed: list[ShiftType] = []
            if school_day:
                for o in team:
                    named_open = any(
                        inst.calendar.school_open(s.id, day) for s in inst.schools_of(o.id)
                    )
                    if named_open and st.can_work(o, day, school_hours):
                        st.take(o, day, school_hours)
                        placed.append(school_hours)
                        out.append(
                            Assignment(o.id, day, school_hours.code, o.division, o.district_id)
                        )
                wanted = [] if placed else [school_hours]
            else:
                first = youth_early if inst.is_youth_cover_day(day) else early
                wanted = [first, late]
            for shift in wanted:
                for o in team:
                    if st.can_work(o, day, shift):
                        st.take(o, day, shift)
                        out.append(Assignment(o.id, day, shift.code, o.division, o.district_id))
                        break
        sergeants = [o for o in inst.officers if o.rank is Rank.SERGEANT]
        for v in inst.divisions:
            order = sorted(sergeants, key=lambda o: (o.division != v, st.week_days[o.id], o.id))
            for o in order:
                if st.can_work(o, day, school_hours):
                    st.take(o, day, school_hours)
                    out.append(Assignment(o.id, day, school_hours.code, v, o.district_id))
                    break
        st.close_day(day)
    stats = SolveStats("GREEDY", None, None, None, _time.monotonic() - t0)
    return Solution(inst, tuple(out), stats)
