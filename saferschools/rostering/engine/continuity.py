"""Continuity across rosters: what each officer carries into a new horizon.

A new roster must know how the last one ended, or its first days can break the rules across the
boundary: six working days at the end of one roster followed by a shift on the first day of the
next is seven in a row. :func:`carry_over` reads the shifts and absences before the new horizon
(from the published rosters) and returns one :class:`~.domain.CarryOver` per officer:

* the run of working days ending the day before the horizon (shifts, or training/court/
  redeployment days, which count as work);
* the end of the last shift (the 11 hours' rest carries over);
* the working days of the horizon's first Monday-Sunday week that fall before it (rest owed);
* weekend, late and bank-holiday shifts since the start of the fairness year (default: 1 January
  of the horizon's year), so fairness is spread over the year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from .domain import Absence, CarryOver, ShiftType
from .solver import Assignment

__all__ = ["carry_over", "fairness_year_start"]


def fairness_year_start(start: date) -> date:
    """The first day of the fairness year a horizon starting on ``start`` belongs to."""
    return date(start.year, 1, 1)


def carry_over(
    officer_ids: Iterable[str],
    before: Iterable[Assignment],
    absences: Iterable[Absence],
    start: date,
    shift_types: Iterable[ShiftType],
    bank_holidays: Mapping[date, str] | Iterable[date] = (),
    timezone: str = "Europe/London",
    year_start: date | None = None,
) -> tuple[CarryOver, ...]:
    """One :class:`CarryOver` per officer for a horizon starting on ``start``.

    ``before`` are shifts worked before ``start`` (later ones are ignored), ``absences`` the
    absences before it (only working absences matter for runs and rest owed).
    """
    shifts = {s.code: s for s in shift_types}
    year_start = year_start or fairness_year_start(start)
    bank = set(bank_holidays)
    ids = list(officer_ids)
    worked: dict[str, set[date]] = {o: set() for o in ids}
    last_end: dict[str, datetime] = {}
    weekends = dict.fromkeys(ids, 0)
    lates = dict.fromkeys(ids, 0)
    banks = dict.fromkeys(ids, 0)
    for a in before:
        if a.officer_id not in worked or a.day >= start:
            continue
        worked[a.officer_id].add(a.day)
        st = shifts.get(a.shift)
        if st is not None:
            end = st.interval(a.day, timezone)[1]
            if a.officer_id not in last_end or end > last_end[a.officer_id]:
                last_end[a.officer_id] = end
        if a.day >= year_start:
            weekends[a.officer_id] += a.day.weekday() >= 5
            lates[a.officer_id] += bool(st is not None and st.late)
            banks[a.officer_id] += a.day in bank
    for ab in absences:
        if ab.officer_id in worked and ab.day < start and ab.counts_as_work:
            worked[ab.officer_id].add(ab.day)
    week_before = start.weekday()  # days of the first week before the horizon (Monday = 0)
    out = []
    for oid in ids:
        days = worked[oid]
        run = 0
        d = start - timedelta(days=1)
        while d in days:
            run += 1
            d -= timedelta(days=1)
        in_week = sum(1 for k in range(1, week_before + 1) if start - timedelta(days=k) in days)
        out.append(
            CarryOver(
                oid,
                consecutive_days=run,
                last_shift_end=last_end.get(oid),
                week_days_before=week_before,
                week_worked_before=in_week,
                weekends=weekends[oid],
                lates=lates[oid],
                bank_holidays=banks[oid],
            )
        )
    return tuple(out)
