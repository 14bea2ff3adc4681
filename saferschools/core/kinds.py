"""One declaration per kind of tracked record, read by the web pages, the API, the subject access
export and the authorization matrix alike.

An app declares its kinds once (`casework.registry`, `engagement.registry`): the model, the form
(and the edit form when it differs), the serializer, the filterset, the selector that gives a
user's records, the create and update services, and the roles that may read and write. Adding
a kind, or changing who may write it, is then one edit: the pages, the API viewsets
(`core.api.record_viewset`), the export and the authorization matrix all follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from saferschools.accounts.scope import role_of

from .records import TrackedRecord


@dataclass(frozen=True)
class RecordKind:
    key: str  # "concern": URL names, permission checks
    label: str  # "Concern"
    plural: str  # "Concerns"
    slug: str  # "concerns": the path segment of its pages and API
    model: type[TrackedRecord]
    form: type
    serializer: type
    filterset: type
    #: `selector(user=...)`: the records of this kind the user may see (their scope).
    selector: Callable[..., QuerySet[Any]]
    #: `create(acting_user=..., request=..., **fields)`.
    create: Callable[..., Any]
    #: `update(acting_user=..., <record_arg>=record, version=..., changes=..., request=...)`.
    update: Callable[..., Any]
    read_roles: frozenset[str]
    write_roles: frozenset[str]
    edit_form: type | None = None  # when editing shows more fields than recording
    record_arg: str = ""  # the update service's keyword for the record (default: `key`)
    #: `delete(acting_user=..., obj=..., version=..., request=...)` (soft); None: not deleted.
    delete: Callable[..., Any] | None = None
    order: tuple[str, ...] = ()  # newest first; the export reads oldest first
    doc: str = ""  # what the API says the kind is
    #: Reads of the kind are audited (children's records; not sessions or contacts).
    audit_reads: bool = True
    columns: tuple[str, ...] = field(default=())  # list pages that show a table

    @property
    def record_type(self) -> str:
        return self.model._meta.label

    @property
    def change_form(self) -> type:
        return self.edit_form or self.form

    def can_read(self, user: Any) -> bool:
        return role_of(user) in self.read_roles

    def can_write(self, user: Any) -> bool:
        return role_of(user) in self.write_roles

    def records(self, *, user: Any) -> QuerySet[Any]:
        return self.selector(user=user)

    def get(self, *, user: Any, pk: Any) -> Any:
        """One record the user may see, or None (also for an id that is not a number)."""
        try:
            return self.selector(user=user).filter(pk=int(pk)).first()
        except (TypeError, ValueError, OverflowError):
            return None

    def call_update(
        self, *, acting_user: Any, obj: Any, version: Any, changes: dict[str, Any], request: Any
    ) -> Any:
        return self.update(
            acting_user=acting_user,
            **{self.record_arg or self.key: obj},
            version=version,
            changes=changes,
            request=request,
        )
