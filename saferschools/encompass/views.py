"""Operation Encompass pages: the queue, recording, reading and acknowledging, the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import permissions as perms
from . import selectors, services
from .forms import AcknowledgeForm, ChildFormSet, IncidentForm
from .models import Notification


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(perms.may_use(request.user))
    return render(
        request,
        "encompass/queue.html",
        {
            "page_title": "Operation Encompass",
            "items": selectors.queue_for(request.user),
            "acknowledged": selectors.recent_acknowledged(request.user),
            "may_record": perms.may_record(request.user),
            "may_see_figures": perms.may_see_figures(request.user),
        },
    )


def _child_input(data: dict[str, Any]) -> services.ChildInput:
    return services.ChildInput(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data["date_of_birth"],
        presence=data["presence"],
        establishment=data.get("establishment"),
        home_educated_la_code=data.get("home_educated_la") or "",
        where=data.get("where") or "",
        spoken_to=data.get("spoken_to") == "yes",
        childs_words=data.get("childs_words") or "",
        others_present=data.get("others_present") or "",
        not_spoken_reason=data.get("not_spoken_reason") or "",
    )


@login_required
def record(request: HttpRequest) -> HttpResponse:
    _require(perms.may_record(request.user))
    problems: list[str] = []
    if request.method == "POST":
        form = IncidentForm(request.POST)
        children = ChildFormSet(request.POST, prefix="child")
        if "add_child" in request.POST:
            data = request.POST.copy()
            data["child-TOTAL_FORMS"] = str(int(data.get("child-TOTAL_FORMS", "1")) + 1)
            form = IncidentForm(data)
            form.errors.clear()
            children = ChildFormSet(data, prefix="child")
            return render(request, "encompass/record.html", _record_context(form, children, []))
        if form.is_valid() and children.is_valid():
            try:
                made = services.incident_record(
                    acting_user=request.user,
                    police_reference=form.cleaned_data["police_reference"],
                    occurred_at=form.cleaned_data["occurred_at"],
                    location=form.cleaned_data["location"],
                    circumstances=form.cleaned_data["circumstances"],
                    other_information=form.cleaned_data["other_information"],
                    children=[_child_input(c.cleaned_data) for c in children.forms],
                    request=request,
                )
            except ValidationError as exc:
                problems = list(exc.messages)
            else:
                for n in made:
                    due = timezone.localtime(n.due_at).strftime("%-d %B %Y, %H:%M")
                    messages.success(
                        request,
                        f"Notification to {n.recipient_name}: due before {due}; "
                        f"{n.get_delivery_display().lower()}.",
                    )
                return redirect("encompass:queue")
    else:
        form = IncidentForm()
        children = ChildFormSet(prefix="child")
    return render(request, "encompass/record.html", _record_context(form, children, problems))


def _record_context(form: IncidentForm, children: Any, problems: list[str]) -> dict[str, Any]:
    return {
        "page_title": "Record an Operation Encompass notification",
        "form": form,
        "children": children,
        "problems": problems,
    }


def _visible_or_404(request: HttpRequest, pk: int) -> Notification:
    n = Notification.objects.select_related("incident", "establishment").filter(pk=pk).first()
    if n is None:
        raise Http404
    try:
        services.notification_open(
            acting_user=request.user,
            notification=n,
            request=request,
            purpose=request.GET.get("purpose", ""),
        )
    except PermissionDenied:
        raise Http404 from None
    return n


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(perms.may_use(request.user))
    n = _visible_or_404(request, pk)
    return render(
        request,
        "encompass/detail.html",
        {
            "page_title": f"Operation Encompass notification to {n.recipient_name}",
            "n": n,
            "children": list(n.children.all()),
            "may_acknowledge": perms.may_acknowledge(request.user, n) and n.acknowledged_at is None,
            "form": AcknowledgeForm(),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    n = Notification.objects.filter(pk=pk).first()
    if n is None or not perms.may_read(request.user, n):
        raise Http404
    form = AcknowledgeForm(request.POST)
    form.is_valid()
    services.notification_acknowledge(
        acting_user=request.user,
        notification=n,
        support_given=form.cleaned_data.get("support_given", ""),
        request=request,
    )
    messages.success(request, f"Acknowledged: the notification to {n.recipient_name}.")
    return redirect("encompass:queue")


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _require(perms.may_see_figures(request.user))
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    return render(
        request,
        "encompass/figures.html",
        {
            "page_title": "Operation Encompass figures",
            "f": selectors.monthly_figures(year, month),
            "month_label": dt.date(year, month, 1).strftime("%B %Y"),
        },
    )
