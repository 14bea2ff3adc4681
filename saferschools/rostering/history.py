"""What officers actually had rostered: the published history, for continuity and fairness.

`effective_shifts` replays every roster ever published (published or since superseded) in the
order of publication: a later roster replaces, for its officers and its days, whatever an earlier
one said (a rest day included). The result is what each officer was told, day by day. It feeds

* the carry-over of a new roster (`carry_over_for`): run of working days, last shift's end,
  rest owed in a week split by the boundary, and the year's weekends, lates and bank holidays;
* the fairness report (`fairness_year`): the same counts per officer and team over a year;
* an officer's calendar feed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from saferschools.workforce.models import Officer

from . import engine as E
from .models import Absence, BankHoliday, Roster, RosterShift


def effective_shifts(
    collars: Iterable[str], since: dt.date, until: dt.date
) -> dict[tuple[str, dt.date], E.Assignment]:
    """(collar, day) → the shift the latest published roster gives that officer that day."""
    wanted = set(collars)
    out: dict[tuple[str, dt.date], E.Assignment] = {}
    rosters = (
        Roster.objects.filter(published_at__isnull=False, start__lte=until, end__gte=since)
        .order_by("published_at", "pk")
        .values_list("pk", "start", "end")
    )
    for pk, start, end in rosters:
        first, last = max(start, since), min(end, until)
        rows = list(
            RosterShift.objects.filter(
                roster_id=pk, date__range=(first, last), officer__collar_number__in=wanted
            ).values_list(
                "officer__collar_number", "date", "shift_code", "division__name", "district__code"
            )
        )
        members = _document_officers(pk) | {r[0] for r in rows}
        for key in [k for k in out if k[0] in members and first <= k[1] <= last]:
            del out[key]
        for collar, day, code, division, district in rows:
            out[collar, day] = E.Assignment(collar, day, code, division or "", district)
    return out


def _document_officers(pk: int) -> set[str]:
    officers = Roster.objects.filter(pk=pk).values_list("document__officers", flat=True).first()
    return {o["id"] for o in officers or [] if isinstance(o, dict)}


def _engine_absences(collars: dict[int, str], since: dt.date, until: dt.date) -> list[E.Absence]:
    out = []
    for a in Absence.objects.filter(officer_id__in=list(collars), start__lte=until, end__gte=since):
        for day in a.days():
            if since <= day <= until:
                out.append(E.Absence(collars[a.officer_id], day, E.AbsenceReason(a.reason)))
    return out


def bank_holidays_between(since: dt.date, until: dt.date) -> set[dt.date]:
    saved = set(
        BankHoliday.objects.filter(date__range=(since, until)).values_list("date", flat=True)
    )
    return saved or set(E.england_bank_holidays(since, until))


def carry_over_for(
    officers: dict[str, Officer], start: dt.date, shift_types: Iterable[E.ShiftType]
) -> tuple[E.CarryOver, ...]:
    """The carry-over of a roster starting on ``start`` from the published history before it."""
    year_start = E.fairness_year_start(start)
    since = min(year_start, start - dt.timedelta(days=14))
    until = start - dt.timedelta(days=1)
    if until < since:
        return ()
    before = effective_shifts(officers, since, until)
    absences = _engine_absences({o.pk: c for c, o in officers.items()}, since, until)
    return E.carry_over(
        list(officers),
        before.values(),
        absences,
        start,
        shift_types,
        bank_holidays_between(since, until),
        year_start=year_start,
    )


@dataclass
class FairnessRow:
    officer: Officer
    team: str
    weekends: int
    lates: int
    bank_holidays: int
    shifts: int


def fairness_year(
    officers: Iterable[Officer], year: int, shift_types: Iterable[E.ShiftType]
) -> list[FairnessRow]:
    """Per officer: weekend, late and bank-holiday shifts in the calendar year ``year`` as
    published (what they were told), with the team they are compared within (their district
    for constables, the sergeants together)."""
    people = {o.collar_number: o for o in officers}
    since, until = dt.date(year, 1, 1), dt.date(year, 12, 31)
    shifts = effective_shifts(people, since, until)
    late = {s.code for s in shift_types if s.late}
    bank = bank_holidays_between(since, until)
    rows = {
        c: FairnessRow(
            o,
            o.district.name if o.rank == "PC" and o.district_id else "Sergeants",
            0,
            0,
            0,
            0,
        )
        for c, o in people.items()
    }
    for (collar, day), a in shifts.items():
        row = rows[collar]
        row.shifts += 1
        row.weekends += day.weekday() >= 5
        row.lates += a.shift in late
        row.bank_holidays += day in bank
    return sorted(rows.values(), key=lambda r: (r.team, r.officer.last_name))
