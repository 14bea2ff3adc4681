"""Rostering services: write the calendar, availability and rosters (each with its audit entry).

* `calendar_default_create` — the standard English school year and England bank holidays.
* `absence_create` — an officer's leave, sickness, training, court date or redeployment.
* `absence_record` — the one door for availability (sergeant, committed redeployment scenario,
  approved request): records the absence, re-roster every published roster it touches with the
  fewest changed shifts as a draft for the sergeant to review, and tells the sergeants.
* `roster_generate` — build the instance from the database (with the carry-over from the
  published rosters before it), solve within one overall time budget, check independently,
  save a draft `Roster`; a proved-infeasible request raises `RosterInfeasibleError` naming the
  rules that cannot be met; a budget that runs out saves the best roster so far as a draft whose
  status says so (never "no roster exists").
* `roster_publish` — publish a draft (superseding the published roster it repairs, or the
  overlapping one of the same scope); tells the officers (a re-roster: only those whose shifts
  changed, with the changes).
* `roster_reroster` — repair a published roster after absences with as few changes as
  possible; the result is a draft to review (or published at once with ``publish=True``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, NotRequired, TypedDict, Unpack

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from saferschools.accounts.audit import audit_record, audit_write
from saferschools.accounts.choices import Action, Outcome
from saferschools.core.fields import stamp_of
from saferschools.core.records import audited_create
from saferschools.estate.models import Division
from saferschools.workforce.models import Officer

from . import engine as E
from . import permissions
from .instance import BuiltInstance, build_instance
from .messages import tell
from .models import (
    Absence,
    AbsenceReason,
    AbsenceSource,
    BankHoliday,
    Roster,
    RosterShift,
    SchoolClosure,
    SchoolYear,
    TermPeriod,
)

Progress = Callable[[str], None]

#: Plain-English statements of the hard rules, for infeasibility messages.
RULE_TEXT = {
    "rule_min_rest_between_shifts": "11 hours' rest between shifts",
    "rule_weekly_rest": "two rest days in the week",
    "rule_max_consecutive_days": "no more than 6 working days in a row",
    "rule_reference_period_hours": "48 hours a week on average",
    "rule_part_time_pattern": "the officer's part-time pattern",
    "rule_district_daily_cover": "a constable on duty in the district",
    "rule_school_hours_presence": "a constable in school hours in the district",
    "rule_named_officer_most_school_days": "the named officer in school on most school days",
    "rule_holiday_youth_cover": "a day or late shift for holiday youth activities",
    "rule_sergeant_division_cover": "a sergeant supervising the division",
}


class RosterError(Exception):
    """A request the rostering service cannot carry out; `messages` explain why."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class RosterInfeasibleError(RosterError):
    """No roster meets every hard rule; `messages` name each rule and day that cannot be met."""

    def __init__(self, messages: list[str], infeasibilities: list[dict[str, Any]]):
        super().__init__(messages)
        self.infeasibilities = infeasibilities


def _subject_name(built: BuiltInstance, subject: str) -> str:
    if subject in built.districts:
        return built.districts[subject].name
    if subject in built.officers:
        return str(built.officers[subject])
    if subject in built.divisions:
        return f"{subject} division"
    return subject


def explain(built: BuiltInstance, items: Iterable[E.Infeasibility]) -> list[str]:
    """One sentence per rule that cannot be met: the rule, the day and who or where."""
    out = []
    for p in items:
        rule = RULE_TEXT.get(p.rule, p.rule)
        out.append(
            f"{p.day:%A %-d %B %Y}: cannot meet “{rule}” for "
            f"{_subject_name(built, p.subject)} (short by {p.shortfall}) [{p.rule}]"
        )
    return out


# ---------------------------------------------------------------------------- calendar
@transaction.atomic
def calendar_default_create(
    *, academic_year: int, acting_user: Any = None, replace: bool = False
) -> SchoolYear:
    """Write the standard English school year starting September ``academic_year`` and the
    England bank holidays from September to August. An existing year is kept unless ``replace``."""
    permissions.require_calendar_editor(acting_user)
    year, created = SchoolYear.objects.get_or_create(academic_year=academic_year)
    if created or replace or not year.terms.exists():
        year.terms.all().delete()
        year.source = SchoolYear.Source.STANDARD
        year.note = "Generated by calendar-default"
        year.save()
        TermPeriod.objects.bulk_create(
            TermPeriod(year=year, name=t.name, start=t.start, end=t.end)
            for t in E.standard_english_terms(academic_year)
        )
    first, last = dt.date(academic_year, 9, 1), dt.date(academic_year + 1, 8, 31)
    for day, name in E.england_bank_holidays(first, last).items():
        BankHoliday.objects.get_or_create(date=day, defaults={"name": name})
    audit_write(
        acting_user,
        Action.CREATE if created else Action.CHANGE,
        year,
        academic_year=academic_year,
        replace=replace,
    )
    return year


@transaction.atomic
def term_period_save(
    *, year: SchoolYear, name: str, start: dt.date, end: dt.date, acting_user: Any
) -> TermPeriod:
    """Set a term period of ``year`` (by name) to the county's published dates."""
    permissions.require_calendar_editor(acting_user)
    term, _ = TermPeriod.objects.update_or_create(
        year=year, name=name, defaults={"start": start, "end": end}
    )
    year.source = SchoolYear.Source.PUBLISHED
    year.save(update_fields=["source"])
    audit_write(acting_user, Action.CHANGE, term, start=start, end=end, year=year.academic_year)
    return term


@transaction.atomic
def school_closure_create(
    *, date: dt.date, establishment: Any = None, reason: str = "", acting_user: Any
) -> SchoolClosure:
    """Close one school (or, with no establishment, every school) on a term day."""
    permissions.require_calendar_editor(acting_user)
    return audited_create(
        SchoolClosure(date=date, establishment=establishment, reason=reason or "INSET day"),
        acting_user=acting_user,
    )


# ---------------------------------------------------------------------------- availability
class AbsenceFields(TypedDict):
    """An absence as it is recorded: whose, from and to, and why; where it came from (a page,
    a scenario, a request: `source`, `source_ref`). What is left out is the model's default."""

    officer: Officer
    start: dt.date
    end: dt.date
    reason: str
    note: NotRequired[str]
    source: NotRequired[str]
    source_ref: NotRequired[str]


@transaction.atomic
def absence_create(*, acting_user: Any, **given: Unpack[AbsenceFields]) -> Absence:
    """Record an absence (no re-roster: see `absence_record`). Only someone who manages the
    officer (their sergeant, the inspector, the system) records it."""
    if not permissions.may_manage(acting_user, given["officer"]):
        raise PermissionDenied("You can record absences only for the officers of your team.")
    if given["end"] < given["start"]:
        raise RosterError(["The absence ends before it starts."])
    absence = Absence(**given, created_by=stamp_of(acting_user))
    named = ("start", "end", "reason", "source", "source_ref")
    details = {"officer": absence.officer_id} | {k: getattr(absence, k) for k in named}
    return audited_create(absence, acting_user=acting_user, details=details)


@dataclass
class AbsenceOutcome:
    absence: Absence
    drafts: list[Roster]
    problems: list[str]


def absence_record(
    *,
    acting_user: Any,
    time_limit_s: float = 30.0,
    now: dt.datetime | None = None,
    publish: bool = False,
    **given: Unpack[AbsenceFields],
) -> AbsenceOutcome:
    """Record an absence and re-roster every published roster it touches.

    The absence is the one source of truth: each published roster with the officer and a day
    in ``start``..``end`` is repaired with the fewest changed shifts (only the officer's district
    or the sergeants are re-solved; other districts keep their shifts unless a rule needs a
    change) and saved as a draft version for the sergeant to review before publication (or
    published at once with ``publish``). The sergeants are told a draft awaits them. When called
    inside a transaction (a committed scenario) the re-roster runs once it commits.
    """
    if not permissions.may_manage(acting_user, given["officer"]):
        raise RosterError(["You can record absences only for the officers of your team."])
    absence = absence_create(acting_user=acting_user, **given)
    outcome = AbsenceOutcome(absence, [], [])
    _reroster_for(
        [absence],
        outcome,
        acting_user=acting_user,
        now=now,
        time_limit_s=time_limit_s,
        publish=publish,
    )
    return outcome


def _reroster_for(
    absences: list[Absence],
    outcome: AbsenceOutcome,
    *,
    acting_user: Any,
    now: dt.datetime | None,
    time_limit_s: float,
    publish: bool,
) -> None:
    """Re-roster each published roster that has one of the absent officers on a day of their
    absence (one repair per roster for all the absences), once the transaction commits."""

    def run() -> None:
        touched: dict[int, Roster] = {}
        for a in absences:
            for roster in (
                Roster.objects.published()
                .filter(start__lte=a.end, end__gte=a.start, shifts__officer=a.officer)
                .distinct()
            ):
                touched[roster.pk] = roster
        collars = sorted({a.officer.collar_number for a in absences})
        for roster in touched.values():
            try:
                out = roster_reroster(
                    roster=roster,
                    absences=absences,
                    acting_user=acting_user,
                    now=now,
                    time_limit_s=time_limit_s,
                    publish=publish,
                    affected=collars,
                )
            except RosterError as exc:
                outcome.problems.extend(exc.messages)
                continue
            outcome.drafts.append(out.roster)

    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(run)
    else:
        run()


def redeployment_record(
    *, scenario: Any, officers: dict[str, Officer], acting_user: Any, time_limit_s: float = 30.0
) -> AbsenceOutcome | None:
    """A committed redeployment scenario: each officer taken away is absent ("redeployed") for
    the scenario's dates, and the published rosters they are on are re-rostered (one repair
    for all of them, on commit) as drafts for the sergeants to review."""
    recorded = []
    for collar in scenario.result.get("removed", []):
        officer = officers.get(collar) or Officer.objects.filter(collar_number=collar).first()
        if officer is None:
            continue
        recorded.append(
            absence_create(
                officer=officer,
                start=scenario.start,
                end=scenario.end,
                reason=AbsenceReason.REDEPLOYED,
                note=f"Redeployment: {scenario.name}"[:200],
                source=AbsenceSource.SCENARIO,
                source_ref=f"scenario:{scenario.pk}",
                acting_user=acting_user,
            )
        )
    if not recorded:
        return None
    outcome = AbsenceOutcome(recorded[0], [], [])
    _reroster_for(
        recorded,
        outcome,
        acting_user=acting_user,
        now=None,
        time_limit_s=time_limit_s,
        publish=False,
    )
    return outcome


# ---------------------------------------------------------------------------- rosters
def _roundtrip(doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(doc, default=str))
    return out


@dataclass(frozen=True)
class RosterCover:
    """What a roster covers: the force, a division or a sergeant's team (`scope`), for
    `weeks` weeks. A re-roster covers what the roster it repairs covers (`of`)."""

    scope: str
    division: Division | None
    sergeant: Officer | None
    weeks: int

    @classmethod
    def of(cls, roster: Roster) -> RosterCover:
        return cls(roster.scope, roster.division, roster.sergeant, roster.weeks)

    def columns(self) -> dict[str, Any]:
        """The roster's columns of the same names."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _solve_columns(stats: E.SolveStats) -> dict[str, Any]:
    """The solver's own figures, which a roster keeps beside its document (seconds to the ms)."""
    return {**Roster.columns_of(stats), "seconds": round(stats.seconds, 3)}


def document_check(doc: dict[str, Any]) -> int:
    """Run the independent check on a roster document, keep its findings in the document
    (`doc["check"]`) and return the number of hard rule breaks."""
    report = E.check_document(doc)
    violations = E.count_violations(report)
    doc["check"] = {
        "hard_violations": violations,
        "by_rule": {k: len(v) for k, v in report.items()},
    }
    return violations


def _save_roster(
    *,
    built: BuiltInstance,
    doc: dict[str, Any],
    stats: E.SolveStats,
    cover: RosterCover,
    acting_user: Any,
    status: str = Roster.Status.DRAFT,
    previous: Roster | None = None,
    reason: str = "",
) -> Roster:
    violations = document_check(doc)
    doc["inputs"] = built.inputs()
    inst = built.instance
    roster = Roster.objects.create(
        **cover.columns(),
        start=inst.start,
        end=inst.end,
        status=status,
        version=(previous.version + 1) if previous else 1,
        previous=previous,
        reason=reason,
        document=doc,
        **_solve_columns(stats),
        violations=violations,
        created_by=stamp_of(acting_user),
        published_at=timezone.now() if status == Roster.Status.PUBLISHED else None,
    )
    divisions = built.divisions
    RosterShift.objects.bulk_create(
        RosterShift(
            roster=roster,
            officer=built.officers[s["officer"]],
            district=built.districts.get(s["district"]) if s["district"] else None,
            division=divisions.get(s["division"]),
            date=dt.date.fromisoformat(s["date"]),
            shift_code=s["shift"],
            start=dt.datetime.fromisoformat(s["start"]),
            end=dt.datetime.fromisoformat(s["end"]),
        )
        for s in doc["shifts"]
    )
    return roster


def _scope_of(division: Division | None, sergeant: Officer | None) -> str:
    if sergeant is not None:
        return Roster.Scope.TEAM
    if division is not None:
        return Roster.Scope.DIVISION
    return Roster.Scope.FORCE


def roster_generate(
    *,
    start: dt.date,
    weeks: int,
    acting_user: Any,
    division: Division | None = None,
    sergeant: Officer | None = None,
    time_limit_s: float = 50.0,
    progress: Progress | None = None,
    reporter: E.Reporter | None = None,
) -> Roster:
    """Solve within ``time_limit_s`` (one budget for the whole roster) and save a draft.

    Raises `RosterInfeasibleError` only when the solver proved that no roster meets the rules.
    When the budget runs out before a rule-abiding roster is found, the best roster so far is
    saved as a draft with status UNKNOWN and its rule breaks counted (it cannot be published
    while it breaks rules); ``roster.outcome`` says so in words.
    """
    division = permissions.roster_division_for(acting_user, division, sergeant)
    reporter = reporter or E.Reporter(progress=progress)
    progress = reporter.progress
    if not 1 <= weeks <= 26:
        raise RosterError(["A roster covers between 1 and 26 weeks."])
    built = build_instance(start=start, weeks=weeks, division=division, sergeant=sergeant)
    inst = built.instance
    if not inst.officers:
        raise RosterError(["There are no officers to roster: adopt an allocation plan first."])
    if progress is not None:
        progress(
            f"Rostering {len(inst.constables())} constables and {len(inst.sergeants())} sergeants "
            f"in {len(inst.districts)} districts, {inst.start} to {inst.end}, "
            f"time limit {time_limit_s:.0f} s"
        )
    solution = E.solve(inst, time_limit_s=time_limit_s, num_workers=2, reporter=reporter)
    cover = RosterCover(_scope_of(division, sergeant), division, sergeant, weeks)
    if solution.stats.status == "INFEASIBLE":
        problems = list(solution.infeasibilities)
        messages = explain(built, problems) or [
            "No roster can meet every rule (the solver proved it); no time was left to find "
            "which rule bends: try a longer time limit to see why."
        ]
        audit_record(
            user=acting_user,
            action="roster_generate",
            record_type="rostering.Roster",
            outcome=Outcome.FAILED,
            details={
                "start": start,
                "weeks": weeks,
                "scope": cover.scope,
                "problems": messages[:20],
            },
        )
        raise RosterInfeasibleError(
            messages,
            [
                {
                    "rule": p.rule,
                    "date": p.day.isoformat(),
                    "subject": p.subject,
                    "shortfall": p.shortfall,
                }
                for p in problems
            ],
        )
    doc = _roundtrip(solution.to_document())
    doc["outcome"] = solution.outcome()
    with transaction.atomic():
        roster = _save_roster(
            built=built, doc=doc, stats=solution.stats, cover=cover, acting_user=acting_user
        )
        audit_record(
            user=acting_user,
            action=Action.CREATE,
            obj=roster,
            details={**roster.summary(), "violations": roster.violations, "scope": cover.scope},
        )
    return roster


def _same_scope(roster: Roster) -> Any:
    return Roster.objects.filter(
        scope=roster.scope, division=roster.division, sergeant=roster.sergeant
    ).exclude(pk=roster.pk)


def _users_of(officers: Iterable[Officer]) -> list[Any]:
    return [o.user for o in officers if o is not None and o.user_id]


@transaction.atomic
def roster_publish(*, roster: Roster, acting_user: Any) -> Roster:
    """Publish a draft roster.

    A re-roster draft (``previous`` set) replaces the roster it repairs, which must still be the
    published one (else the draft is stale: re-roster again); only the officers whose shifts
    changed are told, with their changes. A new roster supersedes the overlapping published
    roster of the same scope and every officer on it is told. Only someone who manages the
    roster publishes it (`permissions.may_manage_roster`).
    """
    if not permissions.may_manage_roster(acting_user, roster):
        raise PermissionDenied("You cannot publish this roster.")
    roster.status = (
        Roster.objects.select_for_update().values_list("status", flat=True).get(pk=roster.pk)
    )
    if roster.status != Roster.Status.DRAFT:
        raise RosterError(["Only a draft roster can be published."])
    if roster.violations:
        raise RosterError(
            ["This roster breaks hard rules (see the check) and cannot be published."]
        )
    if roster.previous_id is not None:
        previous = Roster.objects.select_for_update().get(pk=roster.previous_id)
        if previous.status != Roster.Status.PUBLISHED:
            raise RosterError(
                [
                    "The roster this draft repairs is no longer the published one: "
                    "re-roster the published roster again."
                ]
            )
        previous.status = Roster.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    else:
        _same_scope(roster).published().filter(start__lte=roster.end, end__gte=roster.start).update(
            status=Roster.Status.SUPERSEDED
        )
    roster.status = Roster.Status.PUBLISHED
    roster.published_at = timezone.now()
    roster.save(update_fields=["status", "published_at"])
    audit_write(acting_user, "publish", roster)
    if roster.previous_id is not None:
        _tell_changed_officers(roster)
        return roster
    officers = (
        Officer.objects.filter(roster_shifts__roster=roster).distinct().select_related("user")
    )
    tell(
        recipients=_users_of(officers),
        subject=f"Your roster from {roster.start:%-d %B %Y} is published",
        body=f"{roster}: see your shifts and download your calendar.",
        link=f"/roster/{roster.pk}/",
    )
    return roster


def _tell_changed_officers(roster: Roster) -> None:
    """Tell each officer whose shifts a published re-roster changed, with the changes."""
    doc = roster.document
    names = {s["code"]: s["name"] for s in doc.get("shift_types", [])}
    by_officer: dict[str, list[dict[str, Any]]] = {}
    for c in doc.get("changes", []):
        by_officer.setdefault(c["officer"], []).append(c)
    people = Officer.objects.filter(collar_number__in=list(by_officer)).select_related("user")
    for officer in people:
        if not officer.user_id:
            continue
        items = by_officer[officer.collar_number]
        lines = "\n".join(_change_line(c, names) for c in items)
        tell(
            recipients=[officer.user],
            subject=f"Your roster has changed ({len(items)} day(s))",
            body=f"{roster.reason}\n\n{lines}",
            link=f"/roster/{roster.pk}/",
        )


@dataclass
class RerosterOutcome:
    roster: Roster
    changes: list[dict[str, Any]]
    new_school_gaps: list[dict[str, Any]]
    schools_without_named_officer: list[dict[str, Any]]


def _published_assignments(roster: Roster) -> list[E.Assignment]:
    return [
        E.Assignment(
            s["officer"], dt.date.fromisoformat(s["date"]), s["shift"], s["division"], s["district"]
        )
        for s in roster.document.get("shifts", [])
    ]


def _change_line(c: dict[str, Any], shift_names: dict[str, str]) -> str:
    def label(code: str | None) -> str:
        return shift_names.get(code or "", "rest day") if code else "rest day"

    text = (
        f"{dt.date.fromisoformat(c['date']):%a %-d %b}: {label(c['before'])} → {label(c['after'])}"
    )
    if c.get("compensation"):
        text += f" (rest day cancelled at short notice: {c['compensation']})"
    if "start_change_under_8h" in c.get("flags", []):
        text += " (start time changed with under 8 hours' notice)"
    return text


def roster_reroster(
    *,
    roster: Roster,
    absences: Iterable[Absence | dict[str, Any]] = (),
    acting_user: Any,
    now: dt.datetime | None = None,
    time_limit_s: float = 30.0,
    reason: str = "",
    progress: Progress | None = None,
    publish: bool = False,
    affected: Iterable[str] | None = None,
) -> RerosterOutcome:
    """Repair the published ``roster`` after absences or redeployments.

    ``absences`` are saved `Absence` rows or dicts (officer, start, end, reason, note) recorded
    here first. A redeployment is an absence with reason "redeployed", or a change of the
    officer's district (the instance is rebuilt from the database). The past and shifts already
    started stay as published; ``affected`` (collar numbers, default: the absent officers)
    limits the repair to their districts and the sergeants unless a rule needs more. The result
    is a draft version (``previous`` = this roster) for the sergeant to review and publish; an
    older unpublished repair of the same roster is superseded. ``publish`` publishes at once.
    Only someone who manages the roster and the absent officers repairs it.
    """
    if not permissions.may_manage_roster(acting_user, roster):
        raise PermissionDenied("You cannot re-roster this roster.")
    if roster.status != Roster.Status.PUBLISHED:
        raise RosterError(["Only a published roster can be re-rostered."])
    now = now or timezone.now()
    recorded: list[Absence] = []
    for a in absences:
        if isinstance(a, Absence):
            recorded.append(a)
        else:
            recorded.append(
                absence_create(
                    officer=a["officer"],
                    start=a["start"],
                    end=a.get("end", a["start"]),
                    reason=a.get("reason", AbsenceReason.SICKNESS),
                    note=a.get("note", ""),
                    acting_user=acting_user,
                )
            )
    if affected is None and recorded:
        affected = [a.officer.collar_number for a in recorded]
    built = build_instance(
        start=roster.start,
        weeks=roster.weeks,
        division=roster.division,
        sergeant=roster.sergeant,
        with_carry_over=bool(roster.document.get("carry_over")),
    )
    result = E.reroster(
        built.instance,
        _published_assignments(roster),
        now,
        time_limit_s=time_limit_s,
        num_workers=2,
        progress=progress,
        affected=affected,
    )
    if result.solution.stats.status == "INFEASIBLE":
        messages = explain(built, result.solution.infeasibilities) or [
            "No repaired roster can meet every rule (the solver proved it)."
        ]
        audit_record(
            user=acting_user,
            action="reroster",
            obj=roster,
            outcome=Outcome.FAILED,
            details={"problems": messages[:20]},
        )
        raise RosterInfeasibleError(messages, [])
    doc = _roundtrip(result.to_document())
    why = reason or "; ".join(
        f"{a.officer.short_name} {a.get_reason_display().lower()} {a.start:%-d %b}"
        + (f" to {a.end:%-d %b}" if a.end != a.start else "")
        for a in recorded
    )
    doc["outcome"] = result.solution.outcome()
    with transaction.atomic():
        Roster.objects.filter(previous=roster, status=Roster.Status.DRAFT).update(
            status=Roster.Status.SUPERSEDED
        )
        new = _save_roster(
            built=built,
            doc=doc,
            stats=result.solution.stats,
            cover=RosterCover.of(roster),
            acting_user=acting_user,
            status=Roster.Status.DRAFT,
            previous=roster,
            reason=why[:200],
        )
        changes = doc["changes"]
        audit_write(
            acting_user,
            "reroster",
            new,
            previous=roster.pk,
            absences=[a.pk for a in recorded],
            changes=len(changes),
            new_school_gaps=len(doc["new_school_gaps"]),
        )
        sergeants = {
            o.sergeant_id: o.sergeant
            for o in built.officers.values()
            if o.collar_number in {c["officer"] for c in changes} and o.sergeant_id
        }
        if roster.sergeant_id:
            sergeants[roster.sergeant_id] = roster.sergeant
        gaps = doc["new_school_gaps"]
        if changes:
            tell(
                recipients=_users_of(sergeants.values()),
                subject=(
                    f"Re-roster to review: {len(changes)} change(s), "
                    f"{len(gaps)} new school-day gap(s)"
                ),
                body=f"{why}\n\n{doc['outcome']}\nReview the changes and publish them.",
                link=f"/roster/{new.pk}/",
            )
    if (publish or not changes) and not new.violations:
        new = roster_publish(roster=new, acting_user=acting_user)
    return RerosterOutcome(
        new, changes, doc["new_school_gaps"], doc["schools_without_named_officer"]
    )
