"""Writing a tracked record (casework and engagement alike): validate, save, set its review
date from the retention rules, and audit — in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from saferschools.accounts.audit import audit_record

from .records import TrackedRecord, versioned_update
from .retention import refresh_review_date


def tracked_create(
    obj: TrackedRecord,
    *,
    acting_user: Any,
    purpose: str,
    request: HttpRequest | None,
    details: dict[str, Any] | None = None,
) -> TrackedRecord:
    """Save a new record and its audit entry (the public form has no acting user)."""
    obj.created_by = acting_user if getattr(acting_user, "pk", None) else None
    obj.derive()
    obj.full_clean()
    obj.save()
    refresh_review_date(obj)
    audit_record(
        user=acting_user,
        action="create",
        record_type=obj._meta.label,
        record_id=obj.pk,
        purpose=purpose,
        request=request,
        details=details,
    )
    return obj


def tracked_update(
    obj: TrackedRecord,
    *,
    acting_user: Any,
    version: Any,
    changes: dict[str, Any],
    purpose: str,
    request: HttpRequest | None,
) -> TrackedRecord:
    """Apply `changes` only if nobody saved the record since `version` (else EditConflict)."""
    versioned_update(obj, expected_version=version, changes=changes)
    refresh_review_date(obj)
    audit_record(
        user=acting_user,
        action="change",
        record_type=obj._meta.label,
        record_id=obj.pk,
        purpose=purpose,
        request=request,
        details={"fields": sorted(changes)},
    )
    return obj
