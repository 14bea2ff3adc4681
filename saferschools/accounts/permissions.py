"""Who may use which view: the role and scope checks every web page and API view uses.

Web views:

    @role_required(Role.INSPECTOR, Role.SERGEANT)          # function views (implies login)
    def plan_list(request): ...

    class PlanDetail(RoleRequiredMixin, DetailView):        # class-based views
        allowed_roles = {Role.INSPECTOR}

    school = get_in_scope_or_404(request, Establishment.objects.all(), pk=pk,
                                 school_field="pk", children=False)

API views (DRF):

    class ConcernViewSet(ScopedQuerysetMixin, AuditedRetrieveMixin, viewsets.ModelViewSet):
        permission_classes = [RoleRequired.of(*CHILD_ROLES), HasSchoolScope]
        school_field = "young_person__school"     # path from the record to its school
        queryset = Concern.objects.all()

A denied attempt is always audited (outcome "denied"): these helpers log it themselves, and
`middleware.DeniedAccessAuditMiddleware` catches any 403/404 a view answers without logging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission

from .audit import audit_denied, audit_view
from .choices import Action
from .scope import can_see_children, can_see_school, in_school_scope, role_of


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


def children_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only roles that may see children's records (not the co-ordinator or administrator)."""
    from .choices import CHILD_ROLES

    return role_required(*CHILD_ROLES)(view)


class RoleRequiredMixin:
    """For class-based views: set `allowed_roles`."""

    allowed_roles: Iterable[str] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if role_of(request.user) not in frozenset(self.allowed_roles):
            _deny(request, f"role {role_of(request.user)!r} may not use this page")
            raise PermissionDenied("Your role does not give access to this page.")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def school_id_of(obj: Any, school_field: str) -> int | None:
    """Follow `school_field` ("pk" for a school itself, "school", "young_person__school")."""
    if school_field == "pk":
        return obj.pk
    value: Any = obj
    for part in school_field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.pk if isinstance(value, Model) else value


def get_in_scope_or_404(
    request: HttpRequest,
    queryset: QuerySet[Any],
    *,
    school_field: str = "school",
    children: bool = True,
    purpose: str = "",
    audit: bool | None = None,
    **lookup: Any,
) -> Any:
    """Fetch one record inside the user's scope, or log the attempt as denied and 404.

    A record outside the scope answers exactly like one that does not exist (no oracle).
    When found, the view is audited if `audit` is True (default: when `children` is True).
    """
    model = queryset.model
    scoped = (
        queryset.filter(pk__in=_schools_qs(request.user))
        if school_field == "pk"
        else in_school_scope(queryset, request.user, school_field=school_field, children=children)
    )
    obj = scoped.filter(**lookup).first()
    if obj is None:
        audit_denied(
            request=request,
            record_type=model._meta.label,
            record_id=",".join(str(v) for v in lookup.values()),
        )
        raise Http404("No record with that reference that you can see.")
    if audit if audit is not None else children:
        audit_view(request, obj, purpose=purpose)
    return obj


def _schools_qs(user: Any) -> QuerySet[Any]:
    from .scope import schools_visible_to

    return schools_visible_to(user).values("pk")


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


class CanSeeChildren(BasePermission):
    """Only roles that may see a child's record (never the co-ordinator or administrator)."""

    message = "Your role does not give access to children's records."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if can_see_children(request.user):
            return True
        _deny(request, "role may not see children's records")
        return False


class HasSchoolScope(BasePermission):
    """Object-level: the record's school (view.school_field, default "school") is in scope.

    Pair it with ScopedQuerysetMixin so lists are filtered too; on its own it guards
    retrieve/update/delete of a record fetched some other way.
    """

    message = "That record is outside the schools you can see."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        field = getattr(view, "school_field", "school")
        if can_see_school(request.user, school_id_of(obj, field)):
            return True
        audit_denied(
            request=request._request,
            action=Action.VIEW if request.method in ("GET", "HEAD") else request.method.lower(),
            record_type=obj._meta.label,
            record_id=obj.pk,
        )
        return False


class ScopedQuerysetMixin:
    """Filter a viewset's queryset to the user's schools (`school_field`), and to nothing for
    roles that may not see children when `children_records` is True."""

    school_field = "school"
    children_records = True

    def get_queryset(self) -> QuerySet[Any]:
        qs = super().get_queryset()  # type: ignore[misc]
        user = self.request.user  # type: ignore[attr-defined]
        if self.school_field == "pk":
            if self.children_records and not can_see_children(user):
                return qs.none()
            return qs.filter(pk__in=_schools_qs(user))
        return in_school_scope(
            qs, user, school_field=self.school_field, children=self.children_records
        )


class AuditedRetrieveMixin:
    """Audit every retrieve (a view of one record) with the purpose from ?purpose=."""

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        from rest_framework.response import Response

        instance = self.get_object()  # type: ignore[attr-defined]
        audit_view(request._request, instance)
        return Response(self.get_serializer(instance).data)  # type: ignore[attr-defined]


def require_role(user: Any, roles: Iterable[str], what: str, *, system: bool = True) -> None:
    """The service-side check of a role rule: raise PermissionDenied unless `user` holds one of
    `roles`, whatever the view already checked.

    `None` is the system (a command, a scheduled job or another service acting for the
    programme) and passes when `system` is true; an anonymous or disabled user never does."""
    if user is None and system:
        return
    if role_of(user) not in frozenset(roles):
        raise PermissionDenied(f"You cannot {what}.")


def found_or_404(request: HttpRequest, found: Any, *, record_type: str, record_id: Any) -> Any:
    """The record a scoped selector found for this user, or a 404 audited as denied: a record
    outside the user's scope answers exactly like one that does not exist (no oracle)."""
    if found is None:
        audit_denied(request=request, record_type=record_type, record_id=record_id)
        raise Http404("No record with that reference that you can see.")
    return found
