"""Engagement pages: parse, check, call, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from saferschools.accounts.audit import audit_denied, audit_record
from saferschools.casework.records import EditConflict

from . import access, filters, forms, selectors, services


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    plural: str
    form: type
    filterset: type
    create: Any
    slug: str
    columns: tuple[str, ...]


KINDS = {
    k.key: k
    for k in [
        Kind(
            "contact",
            "Contact with a school",
            "Contacts with schools",
            forms.SchoolContactForm,
            filters.SchoolContactFilterSet,
            services.school_contact_create,
            "contacts",
            ("contact_on", "school", "kind", "contact_with"),
        ),
        Kind(
            "request",
            "School request",
            "School requests",
            forms.SchoolRequestForm,
            filters.SchoolRequestFilterSet,
            services.school_request_create,
            "requests",
            ("reference", "school", "subject", "status"),
        ),
        Kind(
            "session",
            "Session delivered",
            "PSHE and awareness sessions",
            forms.SessionForm,
            filters.SessionFilterSet,
            services.session_create,
            "sessions",
            ("delivered_on", "school", "topic", "attendance"),
        ),
        Kind(
            "activity",
            "Youth activity",
            "Youth activities",
            forms.YouthActivityForm,
            filters.YouthActivityFilterSet,
            services.youth_activity_create,
            "activities",
            ("starts_on", "title", "kind", "attendance"),
        ),
    ]
}


def _deny(request: HttpRequest, what: str = "engagement") -> None:
    """Refuse (403) and log the refusal."""
    audit_denied(
        request=request,
        action="change" if request.method == "POST" else "view",
        record_type=what,
        record_id="",
        purpose=request.path[:200],
    )
    raise PermissionDenied("Your role cannot do this.")


def _crumbs(*pairs: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Home", reverse("core:home")), ("Engagement", reverse("engagement:home")), *pairs]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not access.can_view_any(request.user):
        _deny(request)
    visible = [k for k in KINDS.values() if access.can_view(request.user, k.key)]
    return render(
        request,
        "engagement/home.html",
        {
            "kinds": visible,
            "page_title": "Engagement",
            "breadcrumbs": [("Home", reverse("core:home")), ("Engagement", None)],
        },
    )


@login_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    k = KINDS[kind]
    if not access.can_view(request.user, kind):
        _deny(request)
    fs = k.filterset(request.GET, queryset=selectors.SELECTORS[kind](user=request.user))
    page = Paginator(fs.qs, 25).get_page(request.GET.get("page"))
    rows = [
        (
            o,
            [
                getattr(o, f"get_{c}_display")()
                if hasattr(o, f"get_{c}_display")
                else getattr(o, c)
                for c in k.columns
            ],
        )
        for o in page
    ]
    headers = [
        str(KINDS[kind].form._meta.model._meta.get_field(c).verbose_name).capitalize()
        for c in k.columns
    ]
    return render(
        request,
        "engagement/list.html",
        {
            "kind": k,
            "filterset": fs,
            "page_obj": page,
            "rows": rows,
            "headers": headers,
            "can_create": access.can_write(request.user, kind),
            "page_title": k.plural,
            "breadcrumbs": _crumbs((k.plural, None)),
        },
    )


@login_required
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    k = KINDS[kind]
    if not access.can_write(request.user, kind):
        _deny(request)
    form = k.form(request.POST or None, user=request.user)
    if request.user.is_school_staff and "school" in form.fields:
        form.fields["school"].initial = request.user.school_id
    if request.method == "POST" and form.is_valid():
        try:
            obj = k.create(acting_user=request.user, request=request, **form.changes())
        except ValidationError as exc:
            for field, errs in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, f"{k.label} recorded.")
            if kind == "request":
                return redirect("engagement:request_detail", obj.pk)
            return redirect(f"engagement:{kind}_list")
    return render(
        request,
        "engagement/form.html",
        {
            "kind": k,
            "form": form,
            "page_title": f"Record: {k.label.lower()}",
            "breadcrumbs": _crumbs((k.plural, reverse(f"engagement:{kind}_list")), ("New", None)),
        },
    )


@login_required
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k = KINDS[kind]
    obj = selectors.record_get(kind, user=request.user, pk=pk)
    if obj is None:
        audit_denied(request=request, action="view", record_type=f"engagement.{kind}", record_id=pk)
        raise Http404
    if not access.can_write(request.user, kind):
        _deny(request)
    form = k.form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(
                acting_user=request.user,
                kind=kind,
                obj=obj,
                version=form.cleaned_data.get("version"),
                changes=form.changes(),
                request=request,
            )
        except EditConflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Saved.")
            return redirect(f"engagement:{kind}_list")
    return render(
        request,
        "engagement/form.html",
        {
            "kind": k,
            "form": form,
            "page_title": f"Change: {k.label.lower()}",
            "breadcrumbs": _crumbs(
                (k.plural, reverse(f"engagement:{kind}_list")), ("Change", None)
            ),
        },
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = selectors.record_get("request", user=request.user, pk=pk)
    if obj is None:
        audit_denied(
            request=request, action="view", record_type="engagement.SchoolRequest", record_id=pk
        )
        raise Http404
    audit_record(
        user=request.user,
        action="view",
        record_type="engagement.SchoolRequest",
        record_id=obj.pk,
        purpose="Following a school request",
        request=request,
    )
    form = forms.ReplyForm(request.POST or None)
    if not access.can_respond(request.user):
        form.fields.pop("status")
    if request.method == "POST" and form.is_valid():
        services.school_request_message(
            acting_user=request.user,
            school_request=obj,
            body=form.cleaned_data["body"],
            status=form.cleaned_data.get("status") or None,
            request=request,
        )
        messages.success(request, "Message added.")
        return redirect("engagement:request_detail", obj.pk)
    return render(
        request,
        "engagement/request_detail.html",
        {
            "obj": obj,
            "thread": obj.messages.select_related("author"),
            "form": form,
            "page_title": f"Request {obj.reference}",
            "breadcrumbs": _crumbs(
                ("School requests", reverse("engagement:request_list")), (obj.reference, None)
            ),
        },
    )
