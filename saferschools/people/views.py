"""The people section's pages: views parse, check permission, call a service and render."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import POLICE_ROLES, Action, Role, RoleChangeStatus
from saferschools.accounts.models import RoleChange
from saferschools.accounts.otp import confirmed_device
from saferschools.accounts.permissions import role_required
from saferschools.accounts.services import role_changes_pending_for
from saferschools.accounts.views import temporary_password_keep, temporary_password_take
from saferschools.core.forms import form_submit
from saferschools.core.pages import Section, done
from saferschools.workforce.models import Officer

from . import movements as mv
from . import onboarding, selectors, services
from .choices import MovementStatus
from .filters import PersonFilterSet
from .forms import (
    ImportForm,
    LinkOfficerForm,
    LinkSchoolForm,
    MovementForm,
    PersonCreateForm,
    RoleForm,
)
from .models import Movement
from .permissions import (
    MANAGERS,
    MOVEMENT_ROLES,
    can_confirm_movement,
    can_propose_movement,
    can_reset_sign_in,
    can_see_movement,
    sees_team_only,
)

MANAGE = tuple(MANAGERS)
IMPORT_SESSION_KEY = "people_import_pending"

PEOPLE = Section((("People", "people:person_list"),))
MOVES = Section((("Moves", "people:movement_list"),))


def _person_or_404(request: HttpRequest, pk: int) -> Any:
    person = selectors.person_get(user=request.user, pk=pk)
    if person is None:
        raise Http404("No such person.")
    return person


@role_required(*MANAGE)
def person_list(request: HttpRequest) -> HttpResponse:
    filterset = PersonFilterSet(
        request.GET or None, queryset=selectors.person_list(user=request.user)
    )
    people = filterset.qs if filterset.is_bound else filterset.queryset
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    audit_record(
        user=request.user,
        action=Action.SEARCH,
        record_type="accounts.User",
        request=request,
        details={"filters": {k: v for k, v in request.GET.items() if v and k != "page"}},
    )
    return render(
        request,
        "people/person_list.html",
        {
            "page_title": "People",
            "filter": filterset,
            "page_obj": page,
            "rows": selectors.rows_for(list(page)),
            "query": request.GET.urlencode(),
            "to_approve": role_changes_pending_for(request.user)[:100],
        },
    )


@role_required(*MANAGE)
def person_export(request: HttpRequest) -> HttpResponse:
    filterset = PersonFilterSet(
        request.GET or None, queryset=selectors.person_list(user=request.user)
    )
    people = onboarding.exportable(filterset.qs if filterset.is_bound else filterset.queryset)
    text = onboarding.people_export_csv(people)
    audit_record(
        user=request.user,
        action=Action.EXPORT,
        record_type="accounts.User",
        request=request,
        details={"rows": text.count("\n") - 1, "filters": dict(request.GET.items())},
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="people.csv"'
    return response


@role_required(*MANAGE)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            created = services.person_create(
                first_name=d["first_name"],
                last_name=d["last_name"],
                email=d["email"],
                role=d["role"],
                school=d["school"],
                position=d["position"],
                collar_number=d["collar_number"],
                rank=d["rank"],
                district=d["district"],
                sergeant=d["sergeant"],
                acting_user=request.user,
                request=request,
            )
            person = created.person
            text = f"{person.get_full_name()} was added"
            if d["invite"]:
                services.person_invite(person=person, acting_user=request.user, request=request)
                text += " and invited by e-mail"
            if created.waiting:
                text += (
                    ". Their access waits for a second person to approve it (an "
                    f"{_other_role(request.user)})"
                )
            return done(request, text + ".", "people:person_detail", pk=person.pk)
        except (services.PeopleError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
    return PEOPLE.page(
        request, "people/person_form.html", "Add a person", {"form": form, "button": "Add person"}
    )


def _other_role(user: Any) -> str:
    return "inspector" if user.role == Role.SYSADMIN else "system administrator"


def _waiting_text(change: Any, user: Any) -> str:
    if change is None or change.status != RoleChangeStatus.PENDING:
        return ""
    return f" It waits for a second person to approve it (a {_other_role(user)})."


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


@role_required(*MANAGE)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    row = selectors.rows_for([person])[0]
    officer = (
        Officer.objects.filter(user=person)
        .select_related("district", "division", "sergeant")
        .first()
    )
    return PEOPLE.page(
        request,
        "people/person_detail.html",
        person.get_full_name() or person.username,
        {
            "person": person,
            "row": row,
            "officer": officer,
            "named_schools": officer.named_schools.select_related("establishment")
            if officer
            else [],
            "has_device": confirmed_device(person) is not None,
            "temporary_password": temporary_password_take(request, person),
            "can_reset_sign_in": can_reset_sign_in(request.user) and person.pk != request.user.pk,
            "is_police": person.role in POLICE_ROLES,
            "invitations": person.invitations.all()[:5],
            "identities": person.external_identities.all(),
            "link_officer_form": LinkOfficerForm(
                initial={"collar_number": officer.collar_number if officer else ""}
            ),
            "link_school_form": LinkSchoolForm(
                initial={"school": person.school.urn if person.school_id else None}
            ),
            "pending": RoleChange.objects.filter(
                user=person, status=RoleChangeStatus.PENDING
            ).select_related("proposed_by", "school", "officer"),
            "can_decide": {
                c.pk for c in role_changes_pending_for(request.user).filter(user=person)
            },
            "awaiting_approval": services.awaiting_approval(person),
        },
        (person.username, None),
    )


def _form_page(
    request: HttpRequest, person: Any, form: Any, title: str, button: str
) -> HttpResponse:
    return PEOPLE.page(
        request,
        "people/person_form.html",
        title,
        {"form": form, "person": person, "button": button},
        (person.username, reverse("people:person_detail", args=[person.pk])),
    )


def _person_change(
    request: HttpRequest,
    pk: int,
    form: Any,
    *,
    field: str,
    title: str,
    button: str,
    apply: Callable[..., tuple[str, Any]],
) -> HttpResponse:
    """One page that changes a person through a service: `apply(person=, acting_user=,
    request=, **cleaned data)` returns the success message and the role change it asked for
    (None, or one awaiting a second person); a refusal shows against `field`."""
    person = _person_or_404(request, pk)
    if request.method == "POST" and form.is_valid():
        try:
            text, change = apply(
                person=person, acting_user=request.user, request=request, **form.cleaned_data
            )
        except (services.PeopleError, PermissionDenied) as exc:
            form.add_error(field, str(exc))
        else:
            return done(
                request,
                text + _waiting_text(change, request.user),
                "people:person_detail",
                pk=person.pk,
            )
    return _form_page(request, person, form, title, button)


@role_required(*MANAGE)
def person_link_officer(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(person: Any, **change: Any) -> tuple[str, Any]:
        officer, asked_for = services.person_link_officer(person=person, **change)
        asked = f"; the link to {person.username} was asked for." if asked_for else "."
        return f"{officer} (collar number {officer.collar_number}) is up to date{asked}", asked_for

    form = LinkOfficerForm(request.POST or None)
    return _person_change(
        request,
        pk,
        form,
        field="collar_number",
        title="Link to an officer record",
        button="Link",
        apply=apply,
    )


@role_required(*MANAGE)
def person_link_school(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(person: Any, school: Any, **rest: Any) -> tuple[str, Any]:
        change = services.person_link_school(person=person, school=school, **rest)
        return f"{person.username}: {school.name}.", change

    form = LinkSchoolForm(request.POST or None)
    return _person_change(
        request, pk, form, field="school", title="Link to a school", button="Link", apply=apply
    )


@role_required(*MANAGE)
def person_role(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(**fields: Any) -> tuple[str, Any]:
        change = services.person_set_role(**fields)
        return f"{fields['person'].username}: {Role(change.role).label}.", change

    form = RoleForm(request.POST or None, acting_user=request.user)
    return _person_change(
        request, pk, form, field="role", title="Change role", button="Change role", apply=apply
    )


@require_POST
@role_required(*MANAGE)
def person_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite, deactivate, reactivate, unlock, reset the password or two-factor sign-in,
    approve or refuse a pending change: each through its service, each audited."""
    person = _person_or_404(request, pk)
    what = request.POST.get("action", "")
    try:
        if what == "invite":
            services.person_invite(person=person, acting_user=request.user, request=request)
            messages.success(request, f"An invitation was sent to {person.email}.")
        elif what == "deactivate":
            services.person_deactivate(
                person=person,
                acting_user=request.user,
                request=request,
                reason=request.POST.get("reason", ""),
            )
            messages.success(
                request, f"{person.username} is deactivated; their sessions and API tokens ended."
            )
        elif what == "reactivate":
            change = services.person_reactivate(
                person=person, acting_user=request.user, request=request
            )
            messages.success(
                request,
                f"{person.username} is active again."
                if change is None
                else f"Reactivating {person.username} was asked for."
                + _waiting_text(change, request.user),
            )
        elif what == "unlock":
            services.person_unlock(person=person, acting_user=request.user, request=request)
            messages.success(request, f"{person.username} is unlocked.")
        elif what == "reset_password":
            temporary = services.person_password_reset(
                person=person, acting_user=request.user, request=request
            )
            temporary_password_keep(request, person, temporary)
            messages.success(request, f"A temporary password was set for {person.username}.")
        elif what == "reset_otp":
            services.person_otp_reset(person=person, acting_user=request.user, request=request)
            messages.success(request, f"{person.username} will set up two-factor again.")
        elif what in ("approve", "refuse"):
            change = RoleChange.objects.filter(
                pk=request.POST.get("change") or 0, user=person
            ).first()
            if change is None:
                raise services.PeopleError("That change no longer exists.")
            decided = services.person_decide(
                change=change, approve=what == "approve", acting_user=request.user, request=request
            )
            messages.success(
                request,
                f"{decided.get_status_display()}: {person.get_full_name() or person.username} "
                f"as {decided.get_role_display()}.",
            )
        else:
            messages.error(request, "Choose an action.")
    except (services.PeopleError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return redirect("people:person_detail", pk=person.pk)


# --------------------------------------------------------------------------- import


@role_required(*MANAGE)
def person_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    pending = False
    if request.method == "POST" and request.POST.get("confirm") == "1":
        data = request.session.pop(IMPORT_SESSION_KEY, None)
        if data is None:
            messages.error(request, "Upload the file again: the checked file was not kept.")
            return redirect("people:person_import")
        result = onboarding.people_import(
            data=data, acting_user=request.user, dry_run=False, request=request
        )
        form = ImportForm()
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        result = onboarding.people_import(
            data=data, acting_user=request.user, dry_run=dry_run, request=request
        )
        if dry_run and not result.problems and (result.created or result.updated):
            request.session[IMPORT_SESSION_KEY] = onboarding.decode(data)
            pending = True
    return PEOPLE.page(
        request,
        "people/person_import.html",
        "Import people from a CSV file",
        {"form": form, "result": result, "pending": pending, "columns": onboarding.COLUMNS},
        ("Import", None),
    )


# --------------------------------------------------------------------------- moves


@role_required(*MOVEMENT_ROLES)
def movement_list(request: HttpRequest) -> HttpResponse:
    moves = Movement.objects.select_related("officer", "to_district", "officer__sergeant")
    team = Officer.objects.filter(is_active=True).select_related("district").order_by("last_name")
    if sees_team_only(request.user):
        moves = moves.filter(officer__sergeant__user=request.user)
        team = team.filter(sergeant__user=request.user)
    else:
        team = team.none()
    return render(
        request,
        "people/movement_list.html",
        {
            "page_title": "Starters, movers and leavers",
            "moves": moves[:200],
            "team": team,
            "team_only": sees_team_only(request.user),
        },
    )


@role_required(*MOVEMENT_ROLES)
def movement_create(request: HttpRequest, pk: int) -> HttpResponse:
    officer = Officer.objects.filter(pk=pk).select_related("sergeant", "user").first()
    if officer is None or not can_propose_movement(request.user, officer):
        raise Http404("No such officer in your team.")
    form = MovementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        movement = form_submit(
            form,
            mv.movement_propose,
            refused=(services.PeopleError,),
            officer=officer,
            acting_user=request.user,
            request=request,
        )
        if movement is not None:
            return redirect("people:movement_detail", pk=movement.pk)
    return MOVES.page(
        request,
        "people/person_form.html",
        f"{officer} leaves or moves",
        {"form": form, "button": "Show who would take their schools"},
        (str(officer), None),
    )


def _movement_or_404(request: HttpRequest, pk: int) -> Movement:
    movement = (
        Movement.objects.filter(pk=pk)
        .select_related("officer__sergeant", "officer__user", "to_district")
        .first()
    )
    if movement is None:
        raise Http404("No such move.")
    if can_see_movement(request.user, movement):
        return movement
    raise Http404("No such move.")


@role_required(*MOVEMENT_ROLES)
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _movement_or_404(request, pk)
    ids = {r["proposed_officer"] for r in movement.proposal if r["proposed_officer"]}
    proposed = {o.pk: o for o in Officer.objects.filter(pk__in=ids)}
    candidates = list(
        Officer.objects.filter(is_active=True, rank__in=["PC", "PS"])
        .exclude(pk=movement.officer_id)
        .select_related("district")
        .order_by("district__name", "last_name")
    )
    rows = [{**r, "officer": proposed.get(r["proposed_officer"])} for r in movement.proposal]
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                mv.movement_cancel(movement=movement, acting_user=request.user, request=request)
                messages.success(request, "The move was cancelled. Nothing changed.")
            else:
                choices = {
                    int(r["establishment"]): int(request.POST[f"school-{r['establishment']}"])
                    for r in movement.proposal
                    if request.POST.get(f"school-{r['establishment']}", "").isdigit()
                }
                mv.movement_confirm(
                    movement=movement, acting_user=request.user, choices=choices, request=request
                )
                messages.success(
                    request,
                    f"Confirmed: {len(rows)} school(s) have their new named officer and have "
                    "been told.",
                )
            return redirect("people:movement_detail", pk=movement.pk)
        except (services.PeopleError, PermissionDenied) as exc:
            error = str(exc)
    return MOVES.page(
        request,
        "people/movement_detail.html",
        str(movement),
        {
            "movement": movement,
            "rows": rows,
            "candidates": candidates,
            "casework": mv.open_casework([r["establishment"] for r in movement.proposal]),
            "can_confirm": movement.status == MovementStatus.PROPOSED
            and can_confirm_movement(request.user, movement),
            "error": error,
        },
        (str(movement.officer), None),
    )


# --------------------------------------------------------------------------- invitation


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the invited person chooses a password, then sets up two-factor."""
    invitation = services.invitation_find(token)
    problem = None
    if invitation is None:
        problem = "This invitation link is not valid."
    elif invitation.used_at is not None:
        problem = "This invitation has been used already."
    elif invitation.withdrawn_at is not None:
        problem = "This invitation was replaced by a newer one: use the link in the latest e-mail."
    elif not invitation.is_open:
        problem = "This invitation has expired."
    if problem is not None:
        return render(
            request,
            "people/invitation_problem.html",
            {"page_title": "Invitation", "problem": problem},
            status=410 if invitation is not None else 404,
        )
    user = invitation.user
    if not user.is_active:
        return render(
            request,
            "people/invitation_problem.html",
            {"page_title": "Invitation", "problem": services.invitation_blocked(user)},
        )
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"], request=request
            )
        except (services.PeopleError, ValidationError) as exc:
            form.add_error("new_password1", _message(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your password is set. Now set up two-factor sign-in.")
            return HttpResponseRedirect(
                reverse("accounts:otp_setup") + "?" + urlencode({"next": reverse("core:home")})
            )
    return render(
        request,
        "people/invitation_accept.html",
        {
            "page_title": "Choose your password",
            "form": form,
            "person": user,
            "nonce": secrets.token_hex(4),
        },
    )
