"""Build the engine's :class:`~.engine.Instance` from the database.

Where the data comes from (set by adopting an allocation plan, then edited by people):

* constables: active `workforce.Officer` rows of rank PC with a district (the district's division
  is the constable's division); sergeants: active PS rows with a division (or, failing that, the
  division of most of their team's districts);
* schools: open secondary-phase establishments of the rostered districts; the named officer is
  the `SchoolAssignment` officer when that officer is in the roster;
* calendar: `SchoolYear`/`TermPeriod` rows, else the standard English year for that academic
  year; `BankHoliday` rows, else the `holidays` package for that calendar year; `SchoolClosure`;
* availability: `Absence` rows (one engine absence per day) and `Contract` rows (else
  `Officer.hours_per_week` below full time gives a part-time cap);
* shift types: active `ShiftType` rows, else the engine's defaults; rules: `RosterRules`;
* carry-over: from the rosters published before the horizon (`history.carry_over_for`).

Engine ids: officers by collar number, districts by ONS code, schools by URN, divisions by name.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal

from saferschools.estate.models import District, Division, Establishment
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer, SchoolAssignment

from . import engine as E
from .history import carry_over_for
from .models import (
    FULL_TIME_HOURS,
    Absence,
    BankHoliday,
    Contract,
    RosterRules,
    SchoolClosure,
    SchoolYear,
    ShiftType,
    TermPeriod,
)


@dataclass
class BuiltInstance:
    """The engine instance and the maps back to database rows."""

    instance: E.Instance
    officers: dict[str, Officer]
    districts: dict[str, District]
    divisions: dict[str, Division]
    notes: list[str] = field(default_factory=list)

    def inputs(self) -> dict[str, object]:
        return {"notes": list(self.notes)}


def academic_year_of(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def db_calendar(start: dt.date, end: dt.date, notes: list[str] | None = None) -> E.SchoolCalendar:
    """The school calendar of ``start``..``end`` from the database (with standard fallbacks)."""
    notes = notes if notes is not None else []
    terms: list[E.TermPeriod] = []
    for year in range(academic_year_of(start), academic_year_of(end) + 1):
        rows = list(TermPeriod.objects.filter(year__academic_year=year).order_by("start"))
        if rows:
            source = SchoolYear.objects.get(academic_year=year).get_source_display()
            terms.extend(E.TermPeriod(t.name, t.start, t.end) for t in rows)
            notes.append(f"Term dates {year}/{(year + 1) % 100:02d}: {source.lower()} (database).")
        else:
            terms.extend(E.standard_english_terms(year))
            notes.append(
                f"Term dates {year}/{(year + 1) % 100:02d}: none saved, standard English year used."
            )
    bank: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        rows = list(BankHoliday.objects.filter(date__year=year))
        if rows:
            bank.update({b.date: b.name for b in rows if first <= b.date <= last})
        else:
            bank.update(E.england_bank_holidays(first, last))
            notes.append(f"Bank holidays {year}: none saved, England list from `holidays` used.")
    closures = tuple(
        E.Closure(c.date, str(c.establishment.urn) if c.establishment_id else None, c.reason)
        for c in SchoolClosure.objects.filter(date__range=(start, end)).select_related(
            "establishment"
        )
    )
    return E.SchoolCalendar(tuple(terms), bank, closures)


def engine_contract(officer: Officer, contract: Contract | None) -> E.Contract:
    if contract is not None:
        return E.Contract(
            max_days_per_week=contract.max_days_per_week,
            max_hours_per_week=(
                float(contract.max_hours_per_week)
                if contract.max_hours_per_week is not None
                else None
            ),
            fixed_days_off=frozenset(int(d) for d in contract.fixed_days_off or ()),
        )
    hours = Decimal(officer.hours_per_week or FULL_TIME_HOURS)
    if hours < FULL_TIME_HOURS:
        return E.Contract(
            max_days_per_week=max(1, math.ceil(float(hours) / 8)),
            max_hours_per_week=float(hours),
        )
    return E.Contract()


def engine_rules() -> E.Rules:
    """The rules as set (`RosterRules`): each engine rule is read from the column of its name,
    each penalty weight from the column ``weight_<name>``."""
    r = RosterRules.current()
    limits = {f.name: getattr(r, f.name) for f in fields(E.Rules) if f.name != "weights"}
    weights = {f.name: getattr(r, f"weight_{f.name}") for f in fields(E.PenaltyWeights)}
    return E.Rules(**limits, weights=E.PenaltyWeights(**weights))


def engine_shift_types() -> tuple[E.ShiftType, ...]:
    rows = ShiftType.objects.filter(is_active=True)
    if not rows:
        return E.DEFAULT_SHIFT_TYPES
    return tuple(
        E.ShiftType(s.code, s.name, s.start, s.end, s.school_hours, s.youth_cover, s.late)
        for s in rows
    )


def sergeant_division(sergeant: Officer) -> Division | None:
    """A sergeant's division: their own, else the division of most of their team's districts."""
    if sergeant.division_id:
        return sergeant.division
    votes = Counter(
        o.district.division
        for o in sergeant.team.filter(
            is_active=True, district__division__isnull=False
        ).select_related("district__division")
    )
    return votes.most_common(1)[0][0] if votes else None


def build_instance(
    *,
    start: dt.date,
    weeks: int,
    division: Division | None = None,
    sergeant: Officer | None = None,
    extra_absences: Iterable[E.Absence] = (),
    with_carry_over: bool = True,
) -> BuiltInstance:
    """The rostering instance for ``weeks`` weeks from ``start``: the whole force, one division,
    or one sergeant's team (its constables only: supervision is rostered with the division)."""
    if weeks < 1:
        raise ValueError("a roster covers at least one week")
    end = start + dt.timedelta(days=7 * weeks - 1)
    notes: list[str] = []
    constables_qs = Officer.objects.filter(
        is_active=True, rank=Rank.CONSTABLE, district__division__isnull=False
    ).select_related("district__division", "roster_contract")
    if sergeant is not None:
        constables_qs = constables_qs.filter(sergeant=sergeant)
    elif division is not None:
        constables_qs = constables_qs.filter(district__division=division)
    constables = list(constables_qs.order_by("collar_number"))
    sergeants: list[tuple[Officer, Division]] = []
    if sergeant is None:
        for s in (
            Officer.objects.filter(is_active=True, rank=Rank.SERGEANT)
            .select_related("division", "roster_contract")
            .order_by("collar_number")
        ):
            div = sergeant_division(s)
            if div is None:
                notes.append(f"{s} left out: no division and no team with a district.")
                continue
            if division is None or div.pk == division.pk:
                sergeants.append((s, div))
    unplaced = Officer.objects.filter(is_active=True, rank=Rank.CONSTABLE).exclude(
        pk__in=[o.pk for o in constables]
    )
    if sergeant is None and division is None and unplaced.exists():
        notes.append(
            f"{unplaced.count()} active constable(s) left out: no district with a division "
            "(adopt an allocation plan to place them)."
        )
    districts = {o.district.code: o.district for o in constables}
    divisions: dict[str, Division] = {d.division.name: d.division for d in districts.values()}
    divisions.update({div.name: div for _, div in sergeants})
    if sergeant is None:
        empty = District.objects.filter(
            division__isnull=False, establishments__in=Establishment.objects.secondary_phase()
        ).exclude(code__in=districts)
        if division is not None:
            empty = empty.filter(division=division)
        for d in empty.distinct():
            notes.append(f"{d.name} has secondary schools but no constables: not rostered.")

    def contract_of(o: Officer) -> Contract | None:
        try:
            return o.roster_contract
        except Contract.DoesNotExist:
            return None

    officers: dict[str, Officer] = {}
    e_officers: list[E.Officer] = []
    for o in constables:
        officers[o.collar_number] = o
        e_officers.append(
            E.Officer(
                o.collar_number,
                o.short_name,
                E.Rank.CONSTABLE,
                o.district.division.name,
                o.district.code,
                engine_contract(o, contract_of(o)),
            )
        )
    for s, div in sergeants:
        officers[s.collar_number] = s
        e_officers.append(
            E.Officer(
                s.collar_number,
                s.short_name,
                E.Rank.SERGEANT,
                div.name,
                s.district.code if s.district_id and s.district.code in districts else None,
                engine_contract(s, contract_of(s)),
            )
        )
    by_pk = {o.pk: o for o in officers.values()}
    named = {
        a.establishment_id: by_pk[a.officer_id].collar_number
        for a in SchoolAssignment.objects.filter(officer_id__in=list(by_pk))
        if by_pk[a.officer_id].rank == Rank.CONSTABLE
    }
    schools_qs = (
        Establishment.objects.secondary_phase()
        .filter(district__code__in=list(districts))
        .select_related("district")
    )
    if sergeant is not None:
        schools_qs = schools_qs.filter(pk__in=list(named))
    schools = tuple(
        E.School(str(e.urn), e.name, e.district.code, named.get(e.pk))
        for e in schools_qs.order_by("urn")
    )
    without = sum(1 for s in schools if s.named_officer_id is None)
    if without:
        notes.append(f"{without} school(s) have no named officer in this roster.")
    calendar = db_calendar(start, end, notes)
    absences: list[E.Absence] = []
    for a in Absence.objects.filter(
        officer_id__in=list(by_pk), start__lte=end, end__gte=start
    ).order_by("start", "pk"):
        for day in a.days():
            if start <= day <= end:
                absences.append(
                    E.Absence(
                        by_pk[a.officer_id].collar_number,
                        day,
                        E.AbsenceReason(a.reason),
                        a.note,
                    )
                )
    absences.extend(a for a in extra_absences if a.officer_id in officers)
    shift_types = engine_shift_types()
    carried = carry_over_for(officers, start, shift_types) if with_carry_over else ()
    if any(c.consecutive_days or c.last_shift_end for c in carried):
        notes.append(
            "Carry-over from the published rosters before this one: days in a row, rest owed "
            "and the year's weekends, lates and bank holidays."
        )
    inst = E.Instance(
        start=start,
        end=end,
        districts=tuple(
            E.District(d.code, d.name, d.division.name)
            for d in sorted(districts.values(), key=lambda d: d.name)
        ),
        schools=schools,
        officers=tuple(e_officers),
        calendar=calendar,
        absences=tuple(absences),
        shift_types=shift_types,
        rules=engine_rules(),
        carry_over=carried,
    )
    return BuiltInstance(inst, officers, districts, divisions, notes)
