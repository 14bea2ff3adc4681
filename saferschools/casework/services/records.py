"""Recording, changing and deleting any casework record: one path for every kind, each kind's own
rules (`UpdateRule`) declared beside its recording service.

Business rules: a record about a child is made by someone who may record its kind, at one of
their schools; only someone who may record a kind changes or deletes it (`permissions`); a
change is refused if someone saved the record since the version it was based on; the change,
its audit entry and what the kind's rule does when the change gives the value it watches a new
(truthy) value — an incident newly needing the sergeant's review, a search newly a strip
search, a child at a new school — are one transaction. Deleting is soft: retention removes the record later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.http import HttpRequest

from saferschools.core.records import TrackedRecord, tracked_create, tracked_delete, tracked_update

from .. import permissions

R = TypeVar("R", bound=TrackedRecord)


def record_create(
    obj: R,
    *,
    acting_user: Any,
    purpose: str,
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> R:
    """Save a new record about a child (`obj.young_person`) and its audit entry, by someone who
    may record its kind at the child's school."""
    permissions.require_write_record(acting_user, obj)
    permissions.require_school(acting_user, obj.young_person.school_id)
    return tracked_create(
        obj, acting_user=acting_user, purpose=purpose, request=request, details=details
    )


@dataclass(frozen=True)
class UpdateRule:
    """What changing one kind of record involves beyond the write and its audit entry."""

    purpose: str  # the audit entry's
    #: `prepare(acting_user, record, changes)`: refuses (PermissionDenied) or completes the
    #: changes before they are written (stamps such as who closed a concern and when).
    prepare: Callable[[Any, Any, dict[str, Any]], None] | None = None
    #: A value of the record: when a change gives it a new value that is true,
    #: `then(acting_user, record, request)` runs in the write's transaction.
    watch: Callable[[Any], object] | None = None
    then: Callable[[Any, Any, HttpRequest | None], object] | None = None


_RULES: dict[type[TrackedRecord], UpdateRule] = {}


def update_rule(model: type[TrackedRecord], rule: UpdateRule) -> None:
    """Declare how `model`'s records are changed (each kind's module, once)."""
    _RULES[model] = rule


def record_update(
    *,
    acting_user: Any,
    obj: R,
    version: Any,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> R:
    """Change a casework record by someone who may record its kind, refused if someone saved
    it since `version`; the kind's `UpdateRule` adds its own rules."""
    rule = _RULES[type(obj)]
    permissions.require_write_record(acting_user, obj)
    if rule.prepare is not None:
        rule.prepare(acting_user, obj, changes)
    was = rule.watch(obj) if rule.watch is not None else None
    with transaction.atomic():
        tracked_update(
            obj,
            acting_user=acting_user,
            version=version,
            changes=changes,
            purpose=rule.purpose,
            request=request,
        )
        now = rule.watch(obj) if rule.watch is not None else None
        if rule.then is not None and now and now != was:
            rule.then(acting_user, obj, request)
    return obj


def record_delete(
    *,
    acting_user: Any,
    obj: TrackedRecord,
    version: Any,
    request: HttpRequest | None = None,
) -> None:
    """Soft delete ("Recorded in error"), by someone who may write this kind of record: it
    leaves every list and page, and retention removes it later."""
    permissions.require_write_record(acting_user, obj)
    tracked_delete(obj, acting_user=acting_user, version=version, request=request)
