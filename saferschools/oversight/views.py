"""Oversight pages: the co-ordinator's figures, the sergeant review queue and the monthly
report (force version signed in; public version for anyone, no sign-in, no JavaScript needed).

Business rules:
- the performance co-ordinator, the inspector and sergeants see the oversight pages; every
  page shows aggregates that passed disclosure control, never a child's name;
- the review queue lists flagged outcomes (school, outcome, hours waiting: no child) to
  sergeants (their schools) and the inspector; the co-ordinator gets suppressed counts only;
- each PDF or CSV download, and each view of the force report, is written to the audit log;
- the public report exists for months that have ended.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Action
from saferschools.accounts.permissions import role_required
from saferschools.core.pages import HOME, section
from saferschools.core.paging import ScopedPaginator

from . import figures as F
from .periods import Month
from .permissions import OVERSIGHT_ROLES, REPORT_ROLES, review_school_ids, sees_review_list
from .render import report_csv, report_pdf
from .report import Report, build_report

PUBLIC_CACHE_SECONDS = 600
#: Outcomes on each page of the review queue, longest waiting first.
REVIEW_PAGE = 50

SECTION_PAGES = {
    "indicators": ("performance", "Performance indicators"),
    "disproportionality": ("disproportionality", "Disproportionality of police actions"),
    "stop_search": ("stop_search", "The force's stop and search"),
}


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404("No such month.") from None


def _last_ended() -> Month:
    return Month.current().shift(-1)


OVERSIGHT = section(("Oversight", "oversight:home"))


@role_required(*OVERSIGHT_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    month = _last_ended()
    months = [month.shift(-k) for k in range(12)]
    queue = F.review_counts(schools=review_school_ids(request.user))
    return HOME.page(
        request,
        "oversight/home.html",
        "Oversight",
        {
            "month": month,
            "months": months,
            "stop_search_months": F.stop_search_months(),
            "waiting": queue.waiting,
            "overdue": queue.overdue,
        },
    )


def _section_view(request: HttpRequest, page: str, month: Month) -> HttpResponse:
    key, title = SECTION_PAGES[page]
    report = build_report(month, public=False, sections=[key])
    return OVERSIGHT.page(
        request,
        "oversight/section_page.html",
        f"{title}, {month.label}",
        {
            "report": report,
            "section": report.sections[0],
            "month": month,
            "prev_url": reverse(f"oversight:{page}", args=[month.shift(-1).key]),
            "next_url": reverse(f"oversight:{page}", args=[month.shift(1).key]),
        },
        (title, None),
    )


@role_required(*OVERSIGHT_ROLES)
def indicators(request: HttpRequest, month: str) -> HttpResponse:
    return _section_view(request, "indicators", _month(month))


@role_required(*OVERSIGHT_ROLES)
def disproportionality(request: HttpRequest, month: str) -> HttpResponse:
    return _section_view(request, "disproportionality", _month(month))


@role_required(*OVERSIGHT_ROLES)
def stop_search(request: HttpRequest, month: str) -> HttpResponse:
    return _section_view(request, "stop_search", _month(month))


@role_required(*OVERSIGHT_ROLES)
def fairness(request: HttpRequest) -> HttpResponse:
    month = Month.current()
    report = build_report(month, public=False, sections=["placement"])
    return OVERSIGHT.page(
        request,
        "oversight/section_page.html",
        "Where officers are placed",
        {"report": report, "section": report.sections[0]},
    )


@role_required(*OVERSIGHT_ROLES)
def reviews(request: HttpRequest) -> HttpResponse:
    user = request.user
    schools = review_school_ids(user)
    show_list = sees_review_list(user)
    page = None
    items: list[F.ReviewItem] = []
    if show_list:  # the queue's page is read only for those who see the list
        page = ScopedPaginator(
            F.review_queue(schools=schools).select_related("school__district__division"),
            REVIEW_PAGE,
        ).get_page(request.GET.get("page"))
        items = F.review_items(page.object_list)
    report = build_report(_last_ended(), public=False, sections=["guardrails"])
    return OVERSIGHT.page(
        request,
        "oversight/reviews.html",
        "Sergeant reviews of arrests and criminal-justice outcomes",
        {
            "items": items,
            "page_obj": page,
            "counts": F.review_counts(schools=schools),
            "show_list": show_list,
            "section": report.sections[0],
            "review_hours": F.REVIEW_HOURS,
        },
        ("Sergeant reviews", None),
    )


# ----------------------------------------------------------------------------- the report


def _report(month: Month, public: bool) -> Report:
    if not public:
        return build_report(month, public=False)
    key = f"oversight:public-report:{month.key}"
    report = cache.get(key)
    if report is None:
        report = build_report(month, public=True)
        cache.set(key, report, PUBLIC_CACHE_SECONDS)
    return report


def _render_report(request: HttpRequest, month: Month, public: bool) -> HttpResponse:
    report = _report(month, public)
    name = "oversight:public_report" if public else "oversight:report"
    months = [_last_ended().shift(-k) for k in range(12)]
    return render(
        request,
        "oversight/report_page.html",
        {
            "page_title": report.title,
            "report": report,
            "pdf_url": reverse(f"{name}_pdf", args=[month.key]),
            "csv_url": reverse(f"{name}_csv", args=[month.key]),
            "job_url": None if public else reverse("oversight:report_job", args=[month.key]),
            "other_months": [(m, reverse(name, args=[m.key])) for m in months if m != month],
            "breadcrumbs": None if public else OVERSIGHT.crumbs(("Monthly report", None)),
        },
    )


def audit_report(
    request: HttpRequest,
    month: Month,
    action: str,
    purpose: str,
    version: str = "force",
    details: dict[str, Any] | None = None,
) -> None:
    """A monthly report was read, downloaded or disclosed: audited as that month's report in
    that version (the force's, or the public one), by whoever asked (no one, for the public)."""
    audit_record(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        record_type="oversight.Report",
        record_id=f"{month.key}:{version}",
        purpose=purpose,
        request=request,
        details=details,
    )


def _download(request: HttpRequest, month: Month, public: bool, fmt: str) -> HttpResponse:
    report = _report(month, public)
    version = "public" if public else "force"
    action = Action.DISCLOSE if public else Action.EXPORT
    details = {"format": fmt, "version": version, "tables": len(report.tables)}
    audit_report(request, month, action, "Monthly oversight report download", version, details)
    filename = f"saferschools-oversight-{month.key}-{version}.{fmt}"
    if fmt == "pdf":
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
    else:
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*REPORT_ROLES)
def report_latest(request: HttpRequest) -> HttpResponse:
    return redirect("oversight:report", _last_ended().key)


@role_required(*REPORT_ROLES)
def report(request: HttpRequest, month: str) -> HttpResponse:
    m = _month(month)
    audit_report(request, m, Action.VIEW, "Monthly oversight report")
    return _render_report(request, m, public=False)


@role_required(*REPORT_ROLES)
def report_pdf_view(request: HttpRequest, month: str) -> HttpResponse:
    return _download(request, _month(month), False, "pdf")


@require_POST
@role_required(*REPORT_ROLES)
def report_job(request: HttpRequest, month: str) -> HttpResponse:
    """Make the month's HTML, PDF and CSV as a background job (a minute or more for the PDF on
    a busy machine): the job's page shows progress, then offers the files."""
    from saferschools.core.jobs.services import job_start

    m = _month(month)
    job = job_start(
        kind="oversight.report",
        acting_user=request.user,
        params={"month": m.key, "public": False},
        title=f"Monthly oversight report, {m.label}",
    )
    return redirect("core:job", pk=job.pk)


@role_required(*REPORT_ROLES)
def report_csv_view(request: HttpRequest, month: str) -> HttpResponse:
    return _download(request, _month(month), False, "csv")


def _public_month(month: str) -> Month:
    m = _month(month)
    if not m.has_ended:
        raise Http404("A month's public report is published once the month has ended.")
    return m


def public_index(request: HttpRequest) -> HttpResponse:
    return redirect("oversight:public_report", _last_ended().key)


def public_report(request: HttpRequest, month: str) -> HttpResponse:
    return _render_report(request, _public_month(month), public=True)


def public_report_pdf(request: HttpRequest, month: str) -> HttpResponse:
    return _download(request, _public_month(month), True, "pdf")


def public_report_csv(request: HttpRequest, month: str) -> HttpResponse:
    return _download(request, _public_month(month), True, "csv")
