"""The inspector's audit page: filter the log by user, record, dates and outcome."""

from __future__ import annotations

import csv
import datetime as dt

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .audit import CONTENT_FIELDS, audit_record, seal_pending, verify
from .choices import Action, Role
from .forms import AuditFilterForm
from .models import AuditEntry
from .permissions import role_required

PAGE_SIZE = 50


def _filtered(form: AuditFilterForm) -> QuerySet[AuditEntry]:
    """The entries the filter asks for; none while the filter has an error (a mistyped date
    must not quietly widen the search to the whole log)."""
    qs = AuditEntry.objects.all().order_by("-seq")
    if not form.is_bound:
        return qs
    if not form.is_valid():
        return qs.none()
    d = form.cleaned_data
    if d["user"]:
        qs = qs.filter(username=d["user"])
    if d["record_type"]:
        qs = qs.filter(record_type=d["record_type"])
    if d["record_id"]:
        qs = qs.filter(record_id=d["record_id"])
    if d["action"]:
        qs = qs.filter(action=d["action"])
    if d["outcome"]:
        qs = qs.filter(outcome=d["outcome"])
    tz = timezone.get_current_timezone()
    if d["date_from"]:
        qs = qs.filter(at__gte=dt.datetime.combine(d["date_from"], dt.time.min, tzinfo=tz))
    if d["date_to"]:
        qs = qs.filter(
            at__lt=dt.datetime.combine(d["date_to"], dt.time.min, tzinfo=tz) + dt.timedelta(days=1)
        )
    return qs


def _audit_read(request: HttpRequest, action: str, form: AuditFilterForm) -> None:
    """Reading the audit log is itself audited, with the criteria it was read by."""
    criteria = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    audit_record(
        user=request.user,
        action=action,
        record_type="accounts.AuditEntry",
        request=request,
        details=criteria,
    )


@role_required(Role.INSPECTOR)
def audit_list(request: HttpRequest) -> HttpResponse:
    seal_pending()  # the reads of the last minute too, in the chain, before they are listed
    form = AuditFilterForm(request.GET or None)
    page = Paginator(_filtered(form), PAGE_SIZE).get_page(request.GET.get("page"))
    _audit_read(request, Action.SEARCH, form)
    report = verify() if request.GET.get("verify") else None
    return render(
        request,
        "accounts/audit_list.html",
        {"form": form, "page_obj": page, "report": report, "page_title": "Audit log"},
    )


@role_required(Role.INSPECTOR)
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as CSV (the export itself is audited)."""
    seal_pending()
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # The list page shows what is wrong with the filter, naming the field.
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    rows = _filtered(form)[:100_000]
    _audit_read(request, Action.EXPORT, form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    out = csv.writer(response)
    fields = [
        "seq",
        "at",
        *(f for f in CONTENT_FIELDS if f not in {"user_id", "details"}),
        "entry_hash",
    ]
    out.writerow(fields)
    for e in rows.iterator():
        out.writerow([getattr(e, f) for f in fields])
    return response
