"""Who may use which view: the role checks web pages and API views share.

Web views:

    @role_required(Role.INSPECTOR, Role.SERGEANT)          # function views (implies login)
    def plan_list(request): ...

API views (DRF):

    permission_classes = [RoleRequired.of(Role.INSPECTOR)]  # a fixed role set
    class RecordPermission(AuditedPermission): ...          # a rule of the view's own

Scope (which schools, hence which records) is not checked here: selectors apply
`accounts.scope`, and the tracked-record API (`core.api.RecordViewSet`) reads through them, so an
id outside scope is a 404 like one that does not exist. A denied attempt is always audited
(outcome "denied"): these helpers log it themselves, and
`middleware.DeniedAccessAuditMiddleware` catches any 403/404 a view answers without logging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission

from .audit import audit_denied
from .choices import Action
from .scope import role_of


def _where(request: HttpRequest) -> tuple[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return f"url:{request.path[:70]}", ""
    return f"url:{match.view_name}", ",".join(f"{k}={v}" for k, v in sorted(match.kwargs.items()))


def _deny(request: HttpRequest, reason: str) -> None:
    record_type, record_id = _where(request)
    audit_denied(
        request=getattr(request, "_request", request),
        action=Action.VIEW if request.method in ("GET", "HEAD") else request.method.lower(),
        record_type=record_type,
        record_id=record_id,
        details={"reason": reason},
    )


def role_required(
    *roles: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Sign-in required, and the user's role must be one of `roles` (else 403, audited)."""
    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in allowed:
                _deny(request, f"role {role_of(request.user)!r} may not use this page")
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped

    return decorator


# --------------------------------------------------------------------------- API (DRF)


class RoleRequired(BasePermission):
    """The user's role must be in `roles` (or in the view's `allowed_roles`).

    permission_classes = [RoleRequired.of(Role.INSPECTOR, Role.SERGEANT)]
    """

    roles: frozenset[str] = frozenset()
    message = "Your role does not give access to this."

    @classmethod
    def of(cls, *roles: str) -> type[RoleRequired]:
        label = "_".join(sorted(str(r) for r in roles)) or "none"
        return type(f"RoleRequired_{label}", (cls,), {"roles": frozenset(roles)})

    def has_permission(self, request: Any, view: Any) -> bool:
        roles = self.roles or frozenset(getattr(view, "allowed_roles", ()))
        if not request.user or not request.user.is_authenticated:
            return False
        if role_of(request.user) in roles:
            return True
        _deny(request, f"role {role_of(request.user)!r} may not use this endpoint")
        return False


class AuditedPermission(BasePermission):
    """A permission whose refusals to a signed-in user are audited as denied. Subclasses say
    who is allowed in `allowed(request, view)`; the view's `kind` names the record type."""

    def allowed(self, request: Any, view: Any) -> bool:
        raise NotImplementedError

    def has_permission(self, request: Any, view: Any) -> bool:
        allowed = self.allowed(request, view)
        if not allowed and request.user.is_authenticated:
            audit_denied(
                request=request,
                action=request.method.lower(),
                record_type=getattr(view, "kind", ""),
                record_id="",
                purpose=request.path[:200],
            )
        return allowed


def require_role(user: Any, roles: Iterable[str], what: str, *, system: bool = True) -> None:
    """The service-side check of a role rule: raise PermissionDenied unless `user` holds one of
    `roles`, whatever the view already checked.

    `None` is the system (a command, a scheduled job or another service acting for the
    programme) and passes when `system` is true; an anonymous or disabled user never does."""
    if user is None and system:
        return
    if role_of(user) not in frozenset(roles):
        raise PermissionDenied(f"You cannot {what}.")


def found_or_404(
    request: HttpRequest, found: Any, *, record_type: str, record_id: Any, action: str = Action.VIEW
) -> Any:
    """The record a scoped selector found for this user, or a 404 audited as a denied `action`
    (view, change...): a record outside the user's scope answers exactly like one that does not
    exist (no oracle)."""
    if found is None:
        audit_denied(request=request, action=action, record_type=record_type, record_id=record_id)
        raise Http404("No record with that reference that you can see.")
    return found
