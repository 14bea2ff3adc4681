"""Casework pages. Views parse, check, call a service or selector, and render.

Every view of a child's record or a search record is audited with its purpose; an id outside
the user's scope is a 404 and an audited denial.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_denied, audit_record, audit_view, seal
from saferschools.core.forms import form_save, form_submit
from saferschools.core.kinds import RecordKind
from saferschools.core.pages import HOME, Crumb, done, section
from saferschools.core.paging import ScopedPaginator
from saferschools.core.records import EditConflict

from . import filters, forms, permissions, selectors, services
from .export import subject_access_html
from .registry import CHILD, KINDS, YOUNG_PERSON

PAGE_SIZE = 25


def _deny(request: HttpRequest, what: str = "casework", pk: Any = "", message: str = "") -> None:
    """Refuse (403) and log the refusal."""
    audit_denied(
        request=request,
        action="change" if request.method == "POST" else "view",
        record_type=what,
        record_id=pk,
        purpose=request.path[:200],
    )
    raise PermissionDenied(message or "Your role cannot do this.")


def _guard(request: HttpRequest) -> None:
    if not permissions.can_view_casework(request.user):
        audit_denied(
            request=request,
            record_type="casework",
            purpose="casework pages",
        )
        raise PermissionDenied("Casework is not available to your role.")


View = Callable[..., HttpResponse]


def _guarded(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _guard(request)
        return view(request, *args, **kwargs)

    return guarded


def casework_page(view: View) -> View:
    """A casework page: signed in (else to sign-in first), then a role that sees casework (else
    the denial is audited and the answer is 403)."""
    return login_required(_guarded(view))


def casework_action(view: View) -> View:
    """A casework button: signed in, a POST (else 405), then a role that sees casework."""
    return login_required(require_POST(_guarded(view)))


CASEWORK = section(("Casework", "casework:home"))


def audit_list(request: HttpRequest, record_type: str, purpose: str, **details: Any) -> None:
    """A list of casework records was read: audited as a read of that kind's list, with what
    it showed (`details`: the records shown, the search sealed)."""
    audit_record(
        user=request.user,
        action="view",
        record_type=record_type,
        record_id="list",
        purpose=purpose,
        request=request,
        details=details,
    )


def _child(yp: Any) -> Crumb:
    """The crumb of the child's record, between Casework and a page about the child."""
    return (yp.full_name, reverse("casework:young_person_detail", args=[yp.pk]))


def _young_person_or_404(request: HttpRequest, pk: int, purpose: str) -> Any:
    yp = selectors.young_person_get(user=request.user, pk=pk)
    if yp is None:
        audit_denied(
            request=request,
            record_type="casework.YoungPerson",
            record_id=pk,
            purpose=purpose,
        )
        raise Http404("No young person with that reference that you can see.")
    return yp


def _record_or_404(request: HttpRequest, kind: RecordKind, pk: int, purpose: str) -> Any:
    obj = kind.get(user=request.user, pk=pk)
    if obj is None:
        audit_denied(
            request=request,
            record_type=kind.record_type,
            record_id=pk,
            purpose=purpose,
        )
        raise Http404(f"No {kind.label.lower()} with that reference that you can see.")
    return obj


@casework_page
def home(request: HttpRequest) -> HttpResponse:
    return HOME.page(
        request,
        "casework/home.html",
        "Casework",
        {
            "kinds": CHILD.values(),
            "for_review": selectors.incidents(user=request.user)
            .filter(sergeant_review_required=True, reviewed_at__isnull=True)
            .count(),
            "overdue": filters.ReferralFilterSet(
                {"overdue": "true"}, queryset=selectors.referrals(user=request.user)
            ).qs.count(),
        },
    )


# ---------------------------------------------------------------- young people


@casework_page
def young_person_list(request: HttpRequest) -> HttpResponse:
    fs = filters.YoungPersonFilterSet(
        request.GET,
        queryset=selectors.young_people(user=request.user).order_by(
            "last_name", "first_name", "pk"
        ),
    )
    page = ScopedPaginator(fs.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # A search names the child it looks for: sealed (encrypted) in the log.
    criteria = seal({k: v for k, v in request.GET.items() if k != "page"})
    purpose = "Finding a young person's record"
    audit_list(
        request, "casework.YoungPerson", purpose, filters=criteria, shown=[p.pk for p in page]
    )
    return CASEWORK.page(
        request,
        "casework/young_person_list.html",
        "Young people",
        {
            "filterset": fs,
            "page_obj": page,
            "can_create": permissions.can_write(request.user, "young_person"),
        },
    )


@casework_page
def young_person_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_write(request.user, "young_person"):
        _deny(request)
    form = forms.YoungPersonForm(request.POST or None, user=request.user)
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        try:
            yp = form_save(
                form,
                services.young_person_create,
                acting_user=request.user,
                request=request,
                confirm_not_duplicate=form.cleaned_data.get("confirm_not_duplicate", False),
            )
        except services.PossibleDuplicate as exc:
            duplicates = exc.matches
            form.add_error(
                "confirm_not_duplicate",
                "This may be a child who is already "
                "recorded. Open the possible match, or confirm this is a different "
                "child.",
            )
        else:
            if yp is not None:
                return done(
                    request, f"{yp.full_name} recorded.", "casework:young_person_detail", yp.pk
                )
    return CASEWORK.page(
        request,
        "casework/young_person_form.html",
        "Record a young person",
        {"form": form, "duplicates": duplicates},
        ("Young people", reverse("casework:young_person_list")),
        ("New", None),
    )


@casework_page
def young_person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    yp = _young_person_or_404(request, pk, "Viewing a young person's record")
    audit_view(request, yp, purpose="Viewing a young person's record")
    links = [*yp.links_out.select_related("to_person"), *yp.links_in.select_related("from_person")]
    linked = [(lk, lk.to_person if lk.from_person_id == yp.pk else lk.from_person) for lk in links]
    return CASEWORK.page(
        request,
        "casework/young_person_detail.html",
        yp.full_name,
        {
            "yp": yp,
            "linked": linked,
            "alerts": selectors.concern_alerts(yp),
            "creatable": [k for k in CHILD.values() if k.can_write(request.user)],
            "can": {
                **{key: k.can_write(request.user) for key, k in KINDS.items()},
                "link": permissions.can_write(request.user, "link"),
            },
            "can_export": permissions.can_export(request.user),
            "link_form": forms.LinkForm(),
        },
        ("Young people", reverse("casework:young_person_list")),
    )


@casework_page
def young_person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    yp = _young_person_or_404(request, pk, "Correcting a young person's details")
    if not permissions.can_write(request.user, "young_person"):
        _deny(request)
    form = forms.YoungPersonForm(request.POST or None, instance=yp, user=request.user)
    form.fields.pop("confirm_not_duplicate")
    if request.method == "POST" and form.is_valid():
        saved = form_save(
            form, YOUNG_PERSON.call_update, acting_user=request.user, obj=yp, request=request
        )
        if saved is not None:
            return done(request, "Details saved.", "casework:young_person_detail", yp.pk)
    # The form shows the record: opening it (or seeing it again with errors) is a read.
    audit_view(request, yp, purpose="Correcting a young person's details")
    return CASEWORK.page(
        request,
        "casework/young_person_form.html",
        f"Change details: {yp.full_name}",
        {"form": form, "yp": yp},
        _child(yp),
        ("Change", None),
    )


@casework_page
def chronology(request: HttpRequest, pk: int) -> HttpResponse:
    yp = _young_person_or_404(request, pk, "Reading a child's chronology")
    audit_view(request, yp, purpose="Reading a child's chronology", page="chronology")
    chronology = selectors.chronology_page(yp, request.GET.get("page", 1))
    return CASEWORK.page(
        request,
        "casework/chronology.html",
        f"Chronology: {yp.full_name}",
        {
            "yp": yp,
            "chronology": chronology,
            "entries": chronology.entries,
            "alerts": selectors.concern_alerts(yp),
        },
        _child(yp),
        ("Chronology", None),
    )


@casework_action
def young_person_link(request: HttpRequest, pk: int) -> HttpResponse:
    yp = _young_person_or_404(request, pk, "Linking two children's records")
    if not permissions.can_write(request.user, "link"):
        _deny(request)
    form = forms.LinkForm(request.POST)
    if form.is_valid():
        other = selectors.young_person_get(user=request.user, pk=form.cleaned_data["other"])
        if other is None or other.pk == yp.pk:
            messages.error(
                request, "No other young person with that record number that you can see."
            )
        else:
            services.young_person_link(
                acting_user=request.user,
                young_person=yp,
                other=other,
                kind=form.cleaned_data["kind"],
                request=request,
            )
            messages.success(request, "Records linked.")
    else:
        messages.error(request, "Enter the record number of the other young person.")
    return redirect("casework:young_person_detail", yp.pk)


@casework_page
def young_person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Subject access: everything held on one child, as one readable HTML file."""
    if not permissions.can_export(request.user):
        _deny(request, message="Subject access exports are made by a sergeant or the inspector.")
    yp = _young_person_or_404(request, pk, "Subject access export")
    html = subject_access_html(young_person=yp, acting_user=request.user, request=request)
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{yp.pk}.html"'
    return response


# ---------------------------------------------------------------- child records


@casework_page
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    k = CHILD[kind]
    fs = k.filterset(
        request.GET,
        queryset=k.records(user=request.user).order_by(*k.order, "-pk"),
    )
    page = ScopedPaginator(fs.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_list(request, k.record_type, f"Listing {k.plural.lower()}", shown=[o.pk for o in page])
    return CASEWORK.page(
        request,
        "casework/record_list.html",
        k.plural,
        {"kind": k, "filterset": fs, "page_obj": page},
    )


@casework_page
def record_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k = CHILD[kind]
    obj = _record_or_404(request, k, pk, f"Viewing a {k.label.lower()}")
    audit_view(request, obj, purpose=f"Viewing a {k.label.lower()} record")
    yp = obj.young_person
    return CASEWORK.page(
        request,
        "casework/record_detail.html",
        f"{k.label}: {obj}",
        {
            "kind": k,
            "obj": obj,
            "yp": yp,
            "can_edit": k.can_write(request.user),
            "can_review": kind == "incident"
            and permissions.can_review_outcome(request.user)
            and obj.sergeant_review_required
            and not obj.reviewed_at,
            "delete_form": forms.DeleteForm(initial={"version": obj.version}),
        },
        _child(yp),
        (k.label, None),
    )


def _record_to_change(
    request: HttpRequest, kind: str, pk: int, doing: str
) -> tuple[RecordKind, Any]:
    """A child's record the user is about to change or delete (`doing`): in their scope (else
    an audited 404) and of a kind their role writes (else an audited 403)."""
    k = CHILD[kind]
    obj = _record_or_404(request, k, pk, f"{doing} a {k.label.lower()}")
    if not k.can_write(request.user):
        _deny(request)
    return k, obj


def _form_for(k: RecordKind, request: HttpRequest, *, yp: Any, instance: Any = None) -> Any:
    cls = k.change_form if instance is not None else k.form
    kwargs: dict[str, Any] = {"instance": instance}
    if k.key == "referral":
        kwargs["young_person"] = yp
    if instance is None:
        kwargs["instance"] = cls._meta.model(young_person=yp)
    return cls(request.POST or None, **kwargs)


def _record_form_page(
    request: HttpRequest, k: RecordKind, form: Any, yp: Any, *, obj: Any = None
) -> HttpResponse:
    """The page of a child's record form: recording a new one, or changing `obj`."""
    label = k.label.lower()
    if obj is None:
        title, crumb = f"Record a {label}", f"New {label}"
    else:
        title = crumb = f"Change {label}"
    return CASEWORK.page(
        request,
        "casework/record_form.html",
        title,
        {"kind": k, "form": form, "yp": yp, "obj": obj},
        _child(yp),
        (crumb, None),
    )


@casework_page
def record_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    k = CHILD[kind]
    yp = _young_person_or_404(request, pk, f"Recording a {k.label.lower()}")
    if not k.can_write(request.user):
        _deny(request, message=f"Your role does not record {k.plural.lower()}.")
    form = _form_for(k, request, yp=yp)
    if request.method == "POST" and form.is_valid():
        obj = form_save(form, k.create, acting_user=request.user, young_person=yp, request=request)
        if obj is not None:
            return done(request, f"{k.label} recorded.", f"casework:{kind}_detail", obj.pk)
    return _record_form_page(request, k, form, yp)


@casework_page
def record_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k, obj = _record_to_change(request, kind, pk, "Changing")
    yp = obj.young_person
    form = _form_for(k, request, yp=yp, instance=obj)
    if request.method == "POST" and form.is_valid():
        saved = form_save(form, k.call_update, acting_user=request.user, obj=obj, request=request)
        if saved is not None:
            return done(request, f"{k.label} saved.", f"casework:{kind}_detail", obj.pk)
    # The form shows the record (a concern's form, the child's words): a read, with purpose.
    audit_view(request, obj, purpose=f"Changing a {k.label.lower()}")
    return _record_form_page(request, k, form, yp, obj=obj)


@casework_action
def record_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k, obj = _record_to_change(request, kind, pk, "Deleting")
    form = forms.DeleteForm(request.POST)
    yp = obj.young_person
    try:
        services.record_delete(
            acting_user=request.user, obj=obj, version=form.data.get("version"), request=request
        )
    except EditConflict as exc:
        messages.error(request, exc.message)
        return redirect(f"casework:{kind}_detail", obj.pk)
    return done(
        request,
        f"{k.label} deleted. It is kept, hidden, until its retention review.",
        "casework:young_person_detail",
        yp.pk,
    )


@casework_page
def concern_close(request: HttpRequest, pk: int) -> HttpResponse:
    k = CHILD["concern"]
    concern = _record_or_404(request, k, pk, "Closing a concern")
    if not permissions.can_write(request.user, "concern"):
        _deny(request)
    form = forms.ConcernCloseForm(
        request.POST or None,
        initial={
            "version": concern.version,
            "childs_words": concern.childs_words,
            "child_view_not_obtained": concern.child_view_not_obtained,
        },
    )
    if request.method == "POST" and form.is_valid():
        closed = form_submit(
            form, services.concern_close, acting_user=request.user, concern=concern, request=request
        )
        if closed is not None:
            return done(request, "Concern closed.", "casework:concern_detail", concern.pk)
    yp = concern.young_person
    # The close form shows the child's words: a read, with purpose.
    audit_view(request, concern, purpose="Closing a concern")
    return CASEWORK.page(
        request,
        "core/record_form.html",
        "Close the concern",
        {"form": form, "submit": "Close the concern"},
        _child(yp),
        ("Close concern", None),
    )


@casework_action
def incident_review(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _record_or_404(request, CHILD["incident"], pk, "Reviewing an outcome")
    if not permissions.can_review_outcome(request.user):
        _deny(request, "casework.Incident", pk, "Only a sergeant or the inspector reviews.")
    try:
        services.incident_review(
            acting_user=request.user,
            incident=incident,
            version=request.POST.get("version"),
            request=request,
        )
    except EditConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Review recorded.")
    return redirect("casework:incident_detail", incident.pk)
