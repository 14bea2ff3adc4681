"""Roster pages. Views parse, check, call a service or selector, and render.

A roster or an officer outside the user's scope answers 404 and the attempt is audited (denied).
Solving runs in the request (up to the time limit the form gives, 300 s at most); the command
`saferschools roster` is the way to roster from a terminal or a scheduler.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_denied, audit_record
from saferschools.accounts.choices import Action
from saferschools.accounts.permissions import found_or_404, role_required
from saferschools.accounts.scope import officer_of
from saferschools.core.pages import done, refusals_shown, section
from saferschools.workforce.models import Officer

from . import engine as E
from . import permissions, selectors, services
from .forms import AbsenceForm, ClosureForm, GenerateForm, TermPeriodForm
from .grid import build_grid
from .models import BankHoliday, Roster, SchoolClosure, SchoolYear

ROSTER_ROLES = tuple(permissions.ROSTER_ROLES)
MANAGER_ROLES = tuple(permissions.MANAGER_ROLES)


ROSTER = section(("Roster", "rostering:home"))


def _roster_or_404(request: HttpRequest, pk: int) -> Roster:
    roster = selectors.roster_get(user=request.user, pk=pk)
    return found_or_404(request, roster, record_type="rostering.Roster", record_id=pk)


def _home_context(request: HttpRequest, form: GenerateForm | None = None, **extra: Any) -> dict:
    rosters = selectors.rosters_visible_to(request.user).select_related(
        "division", "sergeant", "created_by"
    )[:50]
    return {
        "page_title": "Roster",
        "breadcrumbs": ROSTER.crumbs(),
        "rosters": rosters,
        "form": form or (GenerateForm() if permissions.is_manager(request.user) else None),
        "can_manage": permissions.is_manager(request.user),
        **extra,
    }


@role_required(*ROSTER_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "rostering/home.html", _home_context(request))


@require_POST
@role_required(*MANAGER_ROLES)
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return render(request, "rostering/home.html", _home_context(request, form), status=200)
    division = form.cleaned_data["division"]
    try:
        division = permissions.roster_division_for(request.user, division)
    except PermissionDenied as exc:
        form.add_error("division", str(exc))
        return render(request, "rostering/home.html", _home_context(request, form), status=200)
    # The solve runs as a background job (issue 19): the page goes straight to the job's page,
    # which shows the solver's progress and then links to the draft roster.
    from saferschools.core.jobs.services import job_start

    start, weeks = form.cleaned_data["start"], form.cleaned_data["weeks"]
    job = job_start(
        kind="rostering.generate",
        acting_user=request.user,
        params={
            "start": start.isoformat(),
            "weeks": weeks,
            "division_id": division.pk if division is not None else None,
            "time_limit_s": form.cleaned_data["time_limit"],
        },
        title=f"Roster of {weeks} week(s) from {start:%-d %B %Y}"
        + (f", {division.name}" if division is not None else ", whole force"),
    )
    return redirect("core:job", pk=job.pk)


@role_required(*ROSTER_ROLES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster_or_404(request, pk)
    doc = selectors.document_for(request.user, roster)
    collars: set[str] | None = None
    team = request.GET.get("team", "")
    me = officer_of(request.user)
    if me is not None and me.collar_number not in {o["id"] for o in doc["officers"]}:
        me = None
    teams = []
    if permissions.sees_everyone(request.user):
        teams = list(
            Officer.objects.filter(
                rank="PS", collar_number__in=[o["id"] for o in doc["officers"]]
            ).order_by("last_name")
        )
        if team:
            lead = next((t for t in teams if t.collar_number == team), None)
            if lead is not None:
                collars = set(lead.team.values_list("collar_number", flat=True)) | {team}
    grid = build_grid(doc, collars)
    absence_form = None
    if permissions.is_manager(request.user) and roster.status == Roster.Status.PUBLISHED:
        absence_form = AbsenceForm(
            officers=selectors.officers_visible_to(request.user).filter(
                collar_number__in=[o["id"] for o in doc["officers"]]
            )
        )
    return ROSTER.page(
        request,
        "rostering/detail.html",
        str(roster),
        {
            "roster": roster,
            "doc": doc,
            "grid": grid,
            "teams": teams,
            "team": team,
            "me": me,
            "can_manage": permissions.is_manager(request.user),
            "absence_form": absence_form,
            "check": doc.get("check", {}),
            "changes": doc.get("changes", []),
            "new_gaps": doc.get("new_school_gaps", []),
            "gaps": doc.get("schools_without_named_officer", []),
            "school_names": {s["id"]: s["name"] for s in roster.document.get("schools", [])},
            "officer_names": {o["id"]: o["name"] for o in roster.document.get("officers", [])},
            "shift_types": doc.get("shift_types", []),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster_or_404(request, pk)
    with refusals_shown(request, services.RosterError):
        services.roster_publish(roster=roster, acting_user=request.user)
        messages.success(request, "Roster published; the officers have been told.")
    return redirect("rostering:detail", pk=roster.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def reroster(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster_or_404(request, pk)
    officers = selectors.officers_visible_to(request.user).filter(
        collar_number__in=[o["id"] for o in roster.document.get("officers", [])]
    )
    form = AbsenceForm(request.POST, officers=officers)
    if not form.is_valid():
        messages.error(
            request,
            "Check the absence: "
            + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
        )
        return redirect("rostering:detail", pk=roster.pk)
    try:
        out = services.roster_reroster(
            roster=roster,
            absences=[form.cleaned_data],
            acting_user=request.user,
        )
    except services.RosterError as exc:
        messages.error(request, "The roster could not be repaired: " + " ".join(exc.messages))
        return redirect("rostering:detail", pk=roster.pk)
    flagged = sum(1 for c in out.changes if c["flags"])
    state = (
        "published (nothing to review)"
        if out.roster.status == Roster.Status.PUBLISHED
        else "saved as a draft: review the changes below, then publish them to tell the officers"
    )
    return done(
        request,
        f"Re-rostered: {len(out.changes)} change(s) ({flagged} flagged for notice or "
        f"compensation), {len(out.new_school_gaps)} new school-day(s) without the named officer; "
        f"{state}.",
        "rostering:detail",
        pk=out.roster.pk,
    )


def _audit_export(request: HttpRequest, obj: Any, **details: Any) -> None:
    """A roster, or an officer's shifts, left the system: audited with what went (`details`)."""
    audit_record(user=request.user, action=Action.EXPORT, obj=obj, request=request, details=details)


def _exported(request: HttpRequest, pk: int, fmt: str) -> tuple[Roster, dict[str, Any]]:
    """The roster as this user may see it, its export audited (format, officers, partial)."""
    roster = _roster_or_404(request, pk)
    doc = selectors.document_for(request.user, roster)
    _audit_export(
        request, roster, format=fmt, officers=len(doc["officers"]), partial=bool(doc.get("partial"))
    )
    return roster, doc


@role_required(*ROSTER_ROLES)
def roster_csv(request: HttpRequest, pk: int) -> HttpResponse:
    roster, doc = _exported(request, pk, "csv")
    response = HttpResponse(E.csv_text(doc), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="roster-{roster.pk}.csv"'
    return response


def officer_calendar_document(
    user: Any, officer: Officer, roster: Roster | None = None
) -> dict[str, Any]:
    """A document with one officer's shifts and absences: from ``roster``, or merged from every
    published roster the user can see (a later roster wins a day both cover)."""
    if roster is not None:
        rosters = [roster]
    else:
        rosters = list(
            selectors.rosters_visible_to(user)
            .published()
            .filter(shifts__officer=officer)
            .distinct()
            .order_by("created_at", "pk")
        )
    collar = officer.collar_number
    shifts: dict[str, dict[str, Any]] = {}
    absences: dict[str, dict[str, Any]] = {}
    entry: dict[str, Any] = {"id": collar, "name": officer.short_name}
    shift_types: dict[str, dict[str, Any]] = {}
    tz = "Europe/London"
    for r in rosters:
        doc = r.document
        tz = doc.get("timezone", tz)
        shift_types.update({s["code"]: s for s in doc.get("shift_types", [])})
        entry = next((o for o in doc.get("officers", []) if o["id"] == collar), entry)
        horizon = doc.get("horizon", {})
        for day in [
            d
            for d in list(shifts) + list(absences)
            if horizon.get("start", "") <= d <= horizon.get("end", "")
        ]:
            shifts.pop(day, None)
            absences.pop(day, None)
        shifts.update({s["date"]: s for s in doc.get("shifts", []) if s["officer"] == collar})
        absences.update({a["date"]: a for a in doc.get("absences", []) if a["officer"] == collar})
    return {
        "timezone": tz,
        "officers": [entry],
        "shift_types": list(shift_types.values()),
        "shifts": [shifts[d] for d in sorted(shifts)],
        "absences": [absences[d] for d in sorted(absences)],
    }


@role_required(*ROSTER_ROLES)
def officer_ics(request: HttpRequest, collar_number: str) -> HttpResponse:
    """An officer's shifts as iCalendar: their own (officer), their team's (sergeant), anyone's
    (inspector). ``?roster=<id>`` gives one roster (a draft too); else every published one."""
    officer = (
        selectors.officers_visible_to(request.user).filter(collar_number=collar_number).first()
    )
    if officer is None:
        audit_denied(
            request=request,
            action=Action.EXPORT,
            record_type="workforce.Officer",
            record_id=collar_number,
            details={"format": "ics"},
        )
        raise Http404("No officer with that reference that you can see.")
    roster = None
    if request.GET.get("roster", "").isdigit():
        roster = _roster_or_404(request, int(request.GET["roster"]))
    doc = officer_calendar_document(request.user, officer, roster)
    _audit_export(
        request,
        officer,
        format="ics",
        roster=roster.pk if roster else None,
        shifts=len(doc["shifts"]),
    )
    response = HttpResponse(
        E.officer_ical(doc, collar_number), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="roster-{collar_number}.ics"'
    return response


@role_required(*ROSTER_ROLES)
def document(request: HttpRequest, pk: int) -> HttpResponse:
    roster, doc = _exported(request, pk, "json")
    response = JsonResponse(doc, json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="roster-{roster.pk}.json"'
    return response


@role_required(*ROSTER_ROLES)
def calendar(request: HttpRequest) -> HttpResponse:
    """The school calendar: term dates, bank holidays and closures (the inspector edits)."""
    can_edit = permissions.may_edit_calendar(request.user)
    term_form = TermPeriodForm(prefix="term")
    closure_form = ClosureForm(prefix="closure")
    if request.method == "POST":
        if not can_edit:
            audit_denied(request=request, action=Action.CHANGE, record_type="rostering.calendar")
            raise PermissionDenied("Only the programme lead edits the calendar.")
        if "term-name" in request.POST:
            term_form = TermPeriodForm(request.POST, prefix="term")
            if term_form.is_valid():
                services.term_period_save(acting_user=request.user, **term_form.cleaned_data)
                return done(request, "Term dates saved.", "rostering:calendar")
        else:
            closure_form = ClosureForm(request.POST, prefix="closure")
            if closure_form.is_valid():
                services.school_closure_create(
                    acting_user=request.user, **closure_form.cleaned_data
                )
                return done(request, "Closure saved.", "rostering:calendar")
    return ROSTER.page(
        request,
        "rostering/calendar.html",
        "School calendar",
        {
            "years": SchoolYear.objects.prefetch_related("terms"),
            "bank_holidays": BankHoliday.objects.all(),
            "closures": SchoolClosure.objects.select_related("establishment")[:200],
            "can_edit": can_edit,
            "term_form": term_form,
            "closure_form": closure_form,
        },
    )
