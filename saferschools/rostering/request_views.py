"""Pages for officers and sergeants: my roster (shifts, requests, calendar feed), the requests
to decide, the year's fairness per officer, and the private calendar feed itself.

Views parse, check, call a service or selector, and render; the services enforce who may do what.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_denied
from saferschools.accounts.permissions import found_or_404, role_required
from saferschools.accounts.scope import officer_of, role_of
from saferschools.core.pages import done, refusals_shown
from saferschools.workforce.models import Officer

from . import feeds, permissions, selectors
from .forms import DayOffForm, SwapForm
from .history import effective_shifts, fairness_year
from .instance import engine_shift_types
from .models import Absence, CalendarFeed, RosterRequest
from .request_services import (
    roster_request_create,
    roster_request_decide,
    roster_request_respond,
    roster_request_withdraw,
)
from .services import RosterError
from .views import ROSTER

ROSTER_ROLES = tuple(permissions.ROSTER_ROLES)
MANAGER_ROLES = tuple(permissions.MANAGER_ROLES)
ABSENCE_WORDS = {
    "annual_leave": "Annual leave",
    "sickness": "Sick",
    "training": "Training",
    "court": "Court",
    "redeployed": "Redeployed",
    "rest_day": "Rest day (request approved)",
    "other": "Absent",
}


def _me_or_404(request: HttpRequest) -> Officer:
    me = officer_of(request.user)
    if me is None:
        raise Http404("Your account is not linked to an officer.")
    return me


def _request_or_404(request: HttpRequest, pk: int, **scope: Any) -> RosterRequest:
    """The request if it is within ``scope`` for this user; else 404, audited as denied."""
    found = RosterRequest.objects.filter(pk=pk, **scope).first()
    return found_or_404(request, found, record_type="rostering.RosterRequest", record_id=pk)


def _days(officer: Officer, since: dt.date, until: dt.date) -> list[dict[str, Any]]:
    """One row per day: the published shift, or the absence, or a rest day."""
    shifts = effective_shifts([officer.collar_number], since, until)
    types = {s.code: s for s in engine_shift_types()}
    absent = {}
    for a in Absence.objects.filter(officer=officer, start__lte=until, end__gte=since):
        for day in a.days():
            absent[day] = ABSENCE_WORDS.get(a.reason, a.get_reason_display())
    rows = []
    day = since
    while day <= until:
        a = shifts.get((officer.collar_number, day))
        if a is not None and a.shift in types:
            st = types[a.shift]
            text = f"{st.name.title()} {st.start:%H:%M}–{st.end:%H:%M}"
            kind = "shift"
        elif day in absent:
            text, kind = absent[day], "absence"
        else:
            text, kind = "Rest day", "rest"
        rows.append({"day": day, "text": text, "kind": kind, "code": a.shift if a else ""})
        day += dt.timedelta(days=1)
    return rows


@role_required(*ROSTER_ROLES)
def my_roster(request: HttpRequest) -> HttpResponse:
    """An officer's own roster: the next eight weeks as published, requests, calendar feed."""
    me = _me_or_404(request)
    today = timezone.localdate()
    colleagues = Officer.objects.filter(is_active=True, rank=me.rank).exclude(pk=me.pk)
    if me.district_id and me.rank == "PC":
        colleagues = colleagues.filter(district=me.district)
    day_off = DayOffForm(prefix="off")
    swap = SwapForm(prefix="swap", colleagues=colleagues.order_by("last_name"))
    if request.method == "POST":
        kind = request.POST.get("kind")
        form = (
            DayOffForm(request.POST, prefix="off")
            if kind == "day_off"
            else SwapForm(request.POST, prefix="swap", colleagues=colleagues)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                req = roster_request_create(
                    officer=me,
                    kind=RosterRequest.Kind.DAY_OFF
                    if kind == "day_off"
                    else RosterRequest.Kind.SWAP,
                    day=data["day"],
                    colleague=data.get("colleague"),
                    colleague_day=data.get("colleague_day"),
                    note=data.get("note", ""),
                    acting_user=request.user,
                )
            except RosterError as exc:
                form.add_error("day", " ".join(exc.messages))
            else:
                effect = (
                    "it breaks no rule"
                    if req.assessment["ok"]
                    else "it would break a rule (see below); your sergeant decides"
                )
                return done(request, f"Request sent: {req}; {effect}.", "rostering:me")
        if kind == "day_off":
            day_off = form  # type: ignore[assignment]
        else:
            swap = form  # type: ignore[assignment]
    token = request.session.pop("roster_feed_token", None)
    feed = CalendarFeed.objects.filter(officer=me, revoked_at__isnull=True).first()
    return ROSTER.page(
        request,
        "rostering/me.html",
        "My roster",
        {
            "me": me,
            "days": _days(me, today, today + dt.timedelta(days=55)),
            "requests": RosterRequest.objects.filter(officer=me).select_related("colleague")[:20],
            "to_answer": RosterRequest.objects.filter(
                colleague=me, status=RosterRequest.Status.AWAITING_COLLEAGUE
            ).select_related("officer"),
            "day_off": day_off,
            "swap": swap,
            "feed": feed,
            "feed_url": request.build_absolute_uri(reverse("rostering:feed", args=[token]))
            if token
            else "",
        },
    )


@require_POST
@role_required(*ROSTER_ROLES)
def feed_create(request: HttpRequest) -> HttpResponse:
    me = _me_or_404(request)
    token = feeds.calendar_feed_create(officer=me, acting_user=request.user)
    request.session["roster_feed_token"] = token
    return done(
        request,
        "Your calendar feed is ready: copy its address now, it is shown once.",
        "rostering:me",
    )


@require_POST
@role_required(*ROSTER_ROLES)
def feed_revoke(request: HttpRequest) -> HttpResponse:
    me = _me_or_404(request)
    n = feeds.calendar_feed_revoke(officer=me, acting_user=request.user)
    return done(
        request, "Calendar feed revoked." if n else "You had no calendar feed.", "rostering:me"
    )


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed (no sign-in: the token is the credential). Unknown or revoked: 404."""
    live = feeds.calendar_feed_get(token)
    if live is None:
        audit_denied(request=request, record_type="rostering.CalendarFeed", record_id="token")
        raise Http404("No such calendar feed.")
    response = HttpResponse(
        feeds.calendar_feed_ical(live), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*ROSTER_ROLES)
def request_respond(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request_or_404(request, pk, colleague=officer_of(request.user))
    with refusals_shown(request, RosterError):
        roster_request_respond(
            request=req, agree=request.POST.get("agree") == "yes", acting_user=request.user
        )
    return redirect("rostering:me")


@require_POST
@role_required(*ROSTER_ROLES)
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request_or_404(request, pk, officer=officer_of(request.user))
    with refusals_shown(request, RosterError):
        roster_request_withdraw(request=req, acting_user=request.user)
    return redirect("rostering:me")


@role_required(*MANAGER_ROLES)
def requests_list(request: HttpRequest) -> HttpResponse:
    """Requests of the officers the user manages: pending first, with what each would do."""
    officers = selectors.officers_visible_to(request.user)
    me = officer_of(request.user)
    qs = RosterRequest.objects.filter(officer__in=officers).select_related(
        "officer", "colleague", "decided_by", "result_roster"
    )
    if me is not None:
        qs = qs.exclude(officer=me)
    pending = [r for r in qs if r.status == RosterRequest.Status.PENDING]
    decided = [r for r in qs[:60] if r.status != RosterRequest.Status.PENDING]
    return ROSTER.page(
        request,
        "rostering/requests.html",
        "Roster requests",
        {"pending": pending, "decided": decided},
        ("Requests", None),
    )


@require_POST
@role_required(*MANAGER_ROLES)
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request_or_404(request, pk, officer__in=selectors.officers_visible_to(request.user))
    approve = request.POST.get("decision") == "approve"
    try:
        req = roster_request_decide(
            request=req,
            approve=approve,
            note=request.POST.get("note", "")[:200],
            acting_user=request.user,
        )
    except RosterError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("rostering:requests")
    if not approve:
        messages.success(request, f"Refused: {req}. The officer has been told.")
    elif req.result_roster and req.result_roster.status == "draft":
        return done(
            request,
            f"Approved: {req}. It needed other changes: review the repaired draft and publish it.",
            "rostering:detail",
            pk=req.result_roster.pk,
        )
    else:
        messages.success(request, f"Approved and published: {req}. The officer has been told.")
    return redirect("rostering:requests")


@role_required(*permissions.FAIRNESS_ROLES)
def fairness(request: HttpRequest) -> HttpResponse:
    """Weekends, lates and bank holidays per officer over a calendar year, by team."""
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    officers = (
        selectors.officers_visible_to(request.user)
        .filter(is_active=True, rank__in=["PC", "PS"])
        .select_related("district")
    )
    rows = fairness_year(officers, year, engine_shift_types())
    teams: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = teams.setdefault(r.team, {"name": r.team, "rows": []})
        t["rows"].append(r)
    for t in teams.values():
        for kind in ("weekends", "lates", "bank_holidays"):
            values = [getattr(r, kind) for r in t["rows"]]
            t[f"{kind}_spread"] = max(values) - min(values) if values else 0
    return ROSTER.page(
        request,
        "rostering/fairness.html",
        f"Fairness {year}",
        {"year": year, "teams": list(teams.values()), "role": role_of(request.user)},
    )
