"""Deleting any casework record (soft: retention removes it later)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from saferschools.core.records import TrackedRecord, tracked_delete

from .. import permissions


def record_delete(
    *,
    acting_user: Any,
    obj: TrackedRecord,
    version: Any,
    request: HttpRequest | None = None,
    purpose: str = "Recorded in error",
) -> None:
    """Soft delete, by someone who may write this kind of record: it leaves every list and
    page, and retention removes it later."""
    permissions.require_write_record(acting_user, obj)
    tracked_delete(obj, acting_user=acting_user, version=version, request=request, purpose=purpose)
