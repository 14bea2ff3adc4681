"""Engagement pages: parse, check, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from saferschools.accounts.audit import audit_denied, audit_record
from saferschools.core.forms import form_save
from saferschools.core.kinds import RecordKind
from saferschools.core.pages import done, section

from . import forms, permissions, services
from .registry import KINDS


def _deny(request: HttpRequest, what: str = "engagement") -> None:
    """Refuse (403) and log the refusal."""
    audit_denied(
        request=request,
        action="change" if request.method == "POST" else "view",
        record_type=what,
        purpose=request.path[:200],
    )
    raise PermissionDenied("Your role cannot do this.")


ENGAGEMENT = section(("Engagement", "engagement:home"))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_any(request.user):
        _deny(request)
    visible = [k for k in KINDS.values() if permissions.can_view(request.user, k.key)]
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
    if not permissions.can_view(request.user, kind):
        _deny(request)
    fs = k.filterset(request.GET, queryset=k.records(user=request.user))
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
    headers = [str(k.model._meta.get_field(c).verbose_name).capitalize() for c in k.columns]
    return ENGAGEMENT.page(
        request,
        "engagement/list.html",
        k.plural,
        {
            "kind": k,
            "filterset": fs,
            "page_obj": page,
            "rows": rows,
            "headers": headers,
            "can_create": permissions.can_write(request.user, kind),
        },
    )


def _form_page(
    request: HttpRequest, k: RecordKind, form: Any, title: str, here: str
) -> HttpResponse:
    return ENGAGEMENT.page(
        request,
        "core/record_form.html",
        title,
        {"kind": k, "form": form},
        (k.plural, reverse(f"engagement:{k.key}_list")),
        (here, None),
    )


@login_required
def record_create(request: HttpRequest, kind: str) -> HttpResponse:
    k = KINDS[kind]
    if not permissions.can_write(request.user, kind):
        _deny(request)
    form = k.form(request.POST or None, user=request.user)
    if request.user.is_school_staff and "school" in form.fields:
        form.fields["school"].initial = request.user.school_id
    if request.method == "POST" and form.is_valid():
        obj = form_save(form, k.create, acting_user=request.user, request=request)
        if obj is not None:
            messages.success(request, f"{k.label} recorded.")
            if kind == "request":
                return redirect("engagement:request_detail", obj.pk)
            return redirect(f"engagement:{kind}_list")
    return _form_page(request, k, form, f"Record: {k.label.lower()}", "New")


@login_required
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k = KINDS[kind]
    obj = k.get(user=request.user, pk=pk)
    if obj is None:
        audit_denied(request=request, action="view", record_type=f"engagement.{kind}", record_id=pk)
        raise Http404
    if not permissions.can_write(request.user, kind):
        _deny(request)
    form = k.form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form_save(form, k.call_update, acting_user=request.user, obj=obj, request=request)
        if saved is not None:
            return done(request, "Saved.", f"engagement:{kind}_list")
    return _form_page(request, k, form, f"Change: {k.label.lower()}", "Change")


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = KINDS["request"].get(user=request.user, pk=pk)
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
    if not permissions.can_respond(request.user):
        form.fields.pop("status")
    if request.method == "POST" and form.is_valid():
        services.school_request_message(
            acting_user=request.user,
            school_request=obj,
            body=form.cleaned_data["body"],
            status=form.cleaned_data.get("status") or None,
            request=request,
        )
        return done(request, "Message added.", "engagement:request_detail", obj.pk)
    return ENGAGEMENT.page(
        request,
        "engagement/request_detail.html",
        f"Request {obj.reference}",
        {"obj": obj, "thread": obj.messages.select_related("author"), "form": form},
        ("School requests", reverse("engagement:request_list")),
        (obj.reference, None),
    )
