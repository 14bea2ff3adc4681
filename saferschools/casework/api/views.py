"""Casework API: list, detail, create, update and (soft) delete within the user's scope.

Updates must send the `version` they read; a stale version gets 409 Conflict with a message.
Every read of a child's record is audited; an id outside scope is 404 and an audited denial.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferschools.accounts.audit import audit_denied, audit_record, seal
from saferschools.accounts.permissions import AuditedPermission

from .. import access, filters, selectors, services
from ..records import EditConflict
from . import serializers as s


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__(payload.get("detail"))
        self.payload = payload  # answered as it is (core.api.exception_handler)


def as_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


class CaseworkPermission(AuditedPermission):
    """Role check; a refusal to a signed-in user is audited."""

    message = "Casework is not available to your role."

    def allowed(self, request: Request, view: Any) -> bool:
        if not access.can_view_casework(request.user):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return access.can_write(request.user, view.kind)


class CaseworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    kind = ""
    record_type = ""
    permission_classes = [permissions.IsAuthenticated, CaseworkPermission]

    def get_queryset(self) -> QuerySet:
        return selectors.SELECTORS[self.kind](user=self.request.user).order_by("-pk")

    def get_object(self) -> Any:
        obj = selectors.record_get(self.kind, user=self.request.user, pk=self.kwargs.get("pk"))
        if obj is None:
            audit_denied(
                request=self.request,
                action="view",
                record_type=self.record_type,
                record_id=str(self.kwargs.get("pk"))[:64],
                purpose="API",
            )
            raise Http404
        return obj

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        results = response.data.get("results", []) if isinstance(response.data, dict) else []
        audit_record(
            user=request.user,
            action="view",
            record_type=self.record_type,
            record_id="list",
            purpose="API list",
            request=request,
            details={
                "shown": [r.get("id") for r in results],
                # Search filters can name a child: sealed (encrypted) in the log.
                "filters": seal(
                    {k: v for k, v in request.query_params.items() if k not in ("page", "format")}
                ),
            },
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        audit_record(
            user=request.user,
            action="view",
            record_type=self.record_type,
            record_id=obj.pk,
            purpose="API read",
            request=request,
        )
        return Response(self.get_serializer(obj).data)

    def call_create(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def create_service(self) -> Any:
        return None

    def call_update(self, obj: Any, version: Any, changes: dict[str, Any]) -> Any:
        return getattr(services, f"{self.kind}_update")(
            acting_user=self.request.user,
            **{self.kind: obj},
            version=version,
            changes=changes,
            request=self.request,
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = self.call_create(s.payload(serializer, for_fn=self.create_service()))
        except DjangoValidationError as exc:
            raise as_drf(exc) from None
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)

    def _update(self, request: Request, partial: bool) -> Response:
        obj = self.get_object()
        serializer = self.get_serializer(obj, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        version = serializer.validated_data.get("version")
        if version is None:
            raise exceptions.ValidationError(
                {
                    "version": "Send the version of the record you read, so changes made by "
                    "someone else since are not overwritten."
                }
            )
        changes = s.payload(serializer)
        changes.pop("young_person", None)
        changes.pop("confirm_not_duplicate", None)
        try:
            obj = self.call_update(obj, version, changes)
        except EditConflict as exc:
            raise Conflict(
                {"detail": exc.message, "current_version": exc.current_version}
            ) from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from None
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self.get_serializer(obj).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        try:
            services.record_delete(
                acting_user=request.user,
                obj=obj,
                version=request.query_params.get("version")
                or (request.data.get("version") if isinstance(request.data, dict) else None),
                request=request,
            )
        except EditConflict as exc:
            raise Conflict(
                {"detail": exc.message, "current_version": exc.current_version}
            ) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class YoungPersonViewSet(CaseworkViewSet):
    """Young people known to the programme (minimal personal data)."""

    kind = "young_person"
    record_type = "casework.YoungPerson"
    serializer_class = s.YoungPersonSerializer
    filterset_class = filters.YoungPersonFilterSet

    def get_object(self) -> Any:
        obj = selectors.young_person_get(user=self.request.user, pk=self.kwargs.get("pk"))
        if obj is None:
            audit_denied(
                request=self.request,
                action="view",
                record_type=self.record_type,
                record_id=str(self.kwargs.get("pk"))[:64],
                purpose="API",
            )
            raise Http404
        return obj

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().create(request, *args, **kwargs)
        except services.PossibleDuplicate as exc:
            return Response(
                {
                    "detail": "This may be a child who is already recorded. Check the matches; "
                    "send confirm_not_duplicate=true if this is a different child.",
                    "possible_duplicates": [m.pk for m in exc.matches],
                },
                status=status.HTTP_409_CONFLICT,
            )

    def create_service(self) -> Any:
        return services.young_person_create

    def call_create(self, data: dict[str, Any]) -> Any:
        return services.young_person_create(
            acting_user=self.request.user, request=self.request, **data
        )

    def call_update(self, obj: Any, version: Any, changes: dict[str, Any]) -> Any:
        return services.young_person_update(
            acting_user=self.request.user,
            young_person=obj,
            version=version,
            changes=changes,
            request=self.request,
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "page",
                int,
                description="Page of the chronology (50 entries a page, oldest first).",
            )
        ],
        responses=inline_serializer(
            name="Chronology",
            fields={
                "alerts": serializers.ListField(child=serializers.DictField()),
                "count": serializers.IntegerField(),
                "page": serializers.IntegerField(),
                "pages": serializers.IntegerField(),
                "next": serializers.IntegerField(allow_null=True),
                "previous": serializers.IntegerField(allow_null=True),
                "entries": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    @action(detail=True, methods=["get"])
    def chronology(self, request: Request, pk: Any = None) -> Response:
        yp = self.get_object()
        audit_record(
            user=request.user,
            action="view",
            record_type=self.record_type,
            record_id=yp.pk,
            purpose="API chronology",
            request=request,
        )
        chronology = selectors.chronology_page(yp, request.query_params.get("page", 1))
        page = chronology.page_obj
        return Response(
            {
                "alerts": [a.__dict__ for a in selectors.concern_alerts(yp)],
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "next": page.next_page_number() if page.has_next() else None,
                "previous": page.previous_page_number() if page.has_previous() else None,
                "entries": [e.__dict__ for e in chronology.entries],
            }
        )


def _child_viewset(
    kind_: str, record_type_: str, serializer: type, fs: type, create_fn: Any, doc: str
) -> type:
    class ViewSet(CaseworkViewSet):
        kind = kind_
        record_type = record_type_
        serializer_class = serializer
        filterset_class = fs

        def create_service(self) -> Any:
            return create_fn

        def call_create(self, data: dict[str, Any]) -> Any:
            return create_fn(acting_user=self.request.user, request=self.request, **data)

    ViewSet.__doc__ = doc
    ViewSet.__name__ = ViewSet.__qualname__ = f"{kind_.title().replace('_', '')}ViewSet"
    return ViewSet


ConcernViewSet = _child_viewset(
    "concern",
    "casework.Concern",
    s.ConcernSerializer,
    filters.ConcernFilterSet,
    services.concern_create,
    "Safeguarding concerns; closing needs the child's view.",
)
IncidentViewSet = _child_viewset(
    "incident",
    "casework.Incident",
    s.IncidentSerializer,
    filters.IncidentFilterSet,
    services.incident_create,
    "Incidents and the police outcome.",
)
SearchViewSet = _child_viewset(
    "search",
    "casework.Search",
    s.SearchSerializer,
    filters.SearchFilterSet,
    services.search_record,
    "Searches of pupils; a strip search needs an appropriate adult and an inspector's authority.",
)
InterventionViewSet = _child_viewset(
    "intervention",
    "casework.Intervention",
    s.InterventionSerializer,
    filters.InterventionFilterSet,
    services.intervention_create,
    "Interventions.",
)
ReferralViewSet = _child_viewset(
    "referral",
    "casework.Referral",
    s.ReferralSerializer,
    filters.ReferralFilterSet,
    services.referral_create,
    "Referrals and signposting, with consent or an override.",
)


class PseudonymisedEventsView(APIView):
    """Searches and incidents for oversight: pseudonyms and characteristics, no identities."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        if not access.can_see_pseudonymised(request.user):
            audit_denied(
                request=request,
                action="view",
                record_type="casework.Pseudonymised",
                record_id="",
                purpose=request.path[:200],
            )
            raise exceptions.PermissionDenied("Not available to your role.")
        rows = selectors.pseudonymised_events(user=request.user)
        audit_record(
            user=request.user,
            action="view",
            record_type="casework.Pseudonymised",
            record_id="list",
            purpose="Oversight figures (pseudonymised)",
            request=request,
            details={"rows": len(rows)},
        )
        return Response({"count": len(rows), "results": rows})
