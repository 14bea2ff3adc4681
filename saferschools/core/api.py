"""API plumbing shared by every app: the error handler, and the audited, scoped viewset that
serves every kind of tracked record (`core.kinds.RecordKind`).

Business rules of the record API (casework and engagement alike):
- a user lists and reads only the records their selector gives them (their scope); an id
  outside it answers 404, exactly like one that does not exist, and is audited as denied;
- a role the kind does not allow is refused (403), and the refusal audited;
- every list and read of a kind whose reads are audited (children's records) writes an audit
  entry; list filters, which can name a child, are sealed (encrypted) in the log;
- an update must send the `version` it read: a stale version gets 409 with the current one;
- the services decide (and re-check) every rule; their refusals become 400 or 403.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from saferschools.accounts.audit import audit_denied, audit_record, seal
from saferschools.accounts.permissions import AuditedPermission

from .kinds import RecordKind
from .records import EditConflict

#: The largest id the API accepts (JavaScript's safe integers).
MAX_ID = 2**53


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, then a plain message for errors it does not know (never a traceback)."""
    payload = getattr(exc, "payload", None)
    if payload is not None and hasattr(exc, "status_code"):
        # A body with typed values (409: current_version is a number, not DRF's string).
        return Response(payload, status=exc.status_code)
    response = drf_exception_handler(exc, context)
    if response is None and isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=400)
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, payload: dict[str, Any]) -> None:
        super().__init__(payload.get("detail"))
        self.payload = payload  # answered as it is (exception_handler)

    @classmethod
    def from_edit(cls, exc: EditConflict) -> Conflict:
        return cls({"detail": exc.message, "current_version": exc.current_version})


def as_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as the API's 400, field by field."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


class VersionMixin(serializers.Serializer):
    # The version a client read. (No docstring: drf-spectacular would give it to every schema.)
    # A record serializer may name `update_only_fields` (not taken when recording, e.g. a concern
    # is not recorded already closed) and `create_only_fields` (not changed afterwards, e.g.
    # whose record it is): `payload` leaves them out.
    update_only_fields: ClassVar[tuple[str, ...]] = ()
    create_only_fields: ClassVar[tuple[str, ...]] = ()

    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        help_text="The version you read; required to update. A stale version gets 409.",
    )


def payload(serializer: serializers.Serializer, *, creating: bool) -> dict[str, Any]:
    """Validated data as service keyword arguments: without the version, `<x>_id` sources as
    `<x>`, and without the fields the Meta reserves for the other write."""
    skip = set(getattr(serializer, "update_only_fields" if creating else "create_only_fields", ()))
    data = {}
    for key, value in serializer.validated_data.items():
        name = key[: -len("_id")] if key.endswith("_id") else key
        if key != "version" and name not in skip:
            data[name] = value
    return data


class RecordPermission(AuditedPermission):
    """The kind's read roles for reading (and for the `read_actions`), its write roles for
    writing; a refusal to a signed-in user is audited."""

    message = "Not available to your role."

    def allowed(self, request: Request, view: Any) -> bool:
        kind: RecordKind = view.record_kind
        if request.method in permissions.SAFE_METHODS or view.action in view.read_actions:
            return kind.can_read(request.user)
        return kind.can_read(request.user) and kind.can_write(request.user)


class RecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List, read, record, change (with version; 409 on conflict) and, for kinds that have a
    delete service, soft-delete the records of one kind within the user's scope."""

    record_kind: ClassVar[RecordKind]
    kind: ClassVar[str]  # the kind's key (names the record type of an audited refusal)
    #: Actions that only read (answered to the kind's readers, e.g. replying to a request).
    read_actions: ClassVar[frozenset[str]] = frozenset()
    permission_classes = [permissions.IsAuthenticated, RecordPermission]

    def get_queryset(self) -> QuerySet:
        return self.record_kind.records(user=self.request.user).order_by("-pk")

    def get_object(self) -> Any:
        obj = self.record_kind.get(user=self.request.user, pk=self.kwargs.get("pk"))
        if obj is None:
            audit_denied(
                request=self.request,
                action="view",
                record_type=self.record_kind.record_type,
                record_id=str(self.kwargs.get("pk"))[:64],
                purpose="API",
            )
            raise Http404
        return obj

    def audit_read(
        self, record_id: Any, purpose: str, details: dict[str, Any] | None = None
    ) -> None:
        if self.record_kind.audit_reads:
            audit_record(
                user=self.request.user,
                action="view",
                record_type=self.record_kind.record_type,
                record_id=record_id,
                purpose=purpose,
                request=self.request,
                details=details,
            )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        results = response.data.get("results", []) if isinstance(response.data, dict) else []
        self.audit_read(
            "list",
            "API list",
            {
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
        self.audit_read(obj.pk, "API read")
        return Response(self.get_serializer(obj).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = self.record_kind.create(
                acting_user=request.user, request=request, **payload(serializer, creating=True)
            )
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
        try:
            obj = self.record_kind.call_update(
                acting_user=request.user,
                obj=obj,
                version=version,
                changes=payload(serializer, creating=False),
                request=request,
            )
        except EditConflict as exc:
            raise Conflict.from_edit(exc) from None
        except DjangoValidationError as exc:
            raise as_drf(exc) from None
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(self.get_serializer(obj).data)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=False)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._update(request, partial=True)


class DeletableRecordViewSet(RecordViewSet):
    """A kind with a delete service: DELETE soft-deletes (send the version read)."""

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        delete = self.record_kind.delete
        assert delete is not None  # record_viewset gives this class only to deletable kinds
        try:
            delete(
                acting_user=request.user,
                obj=obj,
                version=request.query_params.get("version")
                or (request.data.get("version") if isinstance(request.data, dict) else None),
                request=request,
            )
        except EditConflict as exc:
            raise Conflict.from_edit(exc) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


def record_viewset(kind: RecordKind, *extra: type) -> type:
    """The API viewset of one kind; `extra` mixins add the kind's own actions."""
    name = f"{kind.model.__name__}ViewSet"
    base = DeletableRecordViewSet if kind.delete is not None else RecordViewSet
    return type(
        name,
        (*extra, base),
        {
            "record_kind": kind,
            "kind": kind.key,
            "serializer_class": kind.serializer,
            "filterset_class": kind.filterset,
            "__doc__": kind.doc or base.__doc__,
            "__qualname__": name,
            "__module__": (extra[0] if extra else base).__module__,
        },
    )
