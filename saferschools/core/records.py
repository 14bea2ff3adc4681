"""Tracked records: what every casework, engagement and encompass record shares — who and when,
an edit version, soft deletion and a retention review date — and the three writes on them
(`tracked_create`, `tracked_update`, `tracked_delete`), each with its audit entry in one
transaction.

Business rules:
- concurrent edits never overwrite each other silently: an update names the `version` it was
  based on, and is refused (`EditConflict`) when someone saved the record since;
- deleting is soft (`deleted_at`) until the retention run removes the record for good;
- every record carries the date it is next due for review under the retention rules: after each
  write `record_written` is sent, and the app that owns the retention rules (casework) sets the
  date (core knows no domain app).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

from saferschools.accounts.audit import audit_record

from .fields import stamp_of, user_stamp

#: Sent after a tracked record is created or changed (inside the write's transaction), with
#: `instance`: the retention rules set its review date.
record_written = Signal()


class EditConflict(Exception):
    """The record was changed by someone else since the editor opened it."""

    message = (
        "This record was changed by someone else since you opened it. Your changes have not "
        "been saved: open the record again to see the latest version, then make your changes."
    )

    def __init__(self, current_version: int | None = None) -> None:
        super().__init__(self.message)
        self.current_version = current_version


class LiveQuerySet(models.QuerySet):
    def live(self) -> LiveQuerySet:
        return self.filter(deleted_at__isnull=True)


class LiveManager(models.Manager):
    """The default manager: records not soft-deleted."""

    def get_queryset(self) -> models.QuerySet:
        return LiveQuerySet(self.model, using=self._db).filter(deleted_at__isnull=True)


class TrackedRecord(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = user_stamp(editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    review_date = models.DateField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="When retention next reviews this record (from the retention rules).",
    )
    is_synthetic = models.BooleanField(default=False, editable=False)

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012 (objects, the live manager, is the default)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def derive(self) -> None:
        """Set fields computed from others (overridden by records that have any)."""


R = TypeVar("R", bound=TrackedRecord)
M = TypeVar("M", bound=models.Model)


def versioned_update(obj: R, *, expected_version: Any, changes: dict[str, Any]) -> R:
    """Apply `changes` to `obj` only if it is still at `expected_version`.

    One conditional UPDATE (`WHERE pk = … AND version = …`), so two editors who opened the same
    version cannot both win: the second gets `EditConflict`. Runs `full_clean()` first.
    """
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise EditConflict() from None
    if expected != obj.version:
        raise EditConflict(obj.version)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.derive()
    obj.full_clean()
    now = timezone.now()
    fields = _concrete_editable(obj)
    values = {name: getattr(obj, name) for name in fields}
    model = type(obj)
    n = model.all_objects.filter(pk=obj.pk, version=expected, deleted_at__isnull=True).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if n != 1:
        current = model.all_objects.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise EditConflict(current)
    obj.version = expected + 1
    obj.updated_at = now
    return obj


def _concrete_editable(obj: TrackedRecord) -> Iterable[str]:
    skip = {"id", "created_at", "created_by", "version", "deleted_at", "updated_at"}
    return [
        f.attname for f in obj._meta.concrete_fields if f.name not in skip and not f.primary_key
    ]


def _audit(
    action: str,
    obj: models.Model,
    acting_user: Any,
    purpose: str,
    request: HttpRequest | None,
    details: dict[str, Any] | None,
) -> None:
    """The audit entry of a write, in the write's transaction."""
    audit_record(
        user=acting_user, action=action, obj=obj, purpose=purpose, request=request, details=details
    )


def audited_create(
    obj: M,
    *,
    acting_user: Any,
    purpose: str = "",
    request: HttpRequest | None = None,
    details: dict[str, Any] | None = None,
) -> M:
    """Save a new row that is not a tracked record (a resource version, a cover, an absence)
    and its audit entry, in one transaction. Validation is the caller's (`full_clean` where the
    row comes from a person's input)."""
    with transaction.atomic():
        obj.save()
        _audit("create", obj, acting_user, purpose, request, details)
    return obj


def tracked_create(
    obj: R,
    *,
    acting_user: Any,
    purpose: str,
    request: HttpRequest | None,
    details: dict[str, Any] | None = None,
) -> R:
    """Save a new record and its audit entry (the public form has no acting user)."""
    with transaction.atomic():
        obj.created_by = stamp_of(acting_user)
        obj.derive()
        obj.full_clean()
        obj.save()
        record_written.send(sender=type(obj), instance=obj)
        _audit("create", obj, acting_user, purpose, request, details)
    return obj


def tracked_update(
    obj: R,
    *,
    acting_user: Any,
    version: Any,
    changes: dict[str, Any],
    purpose: str,
    request: HttpRequest | None,
) -> R:
    """Apply `changes` only if nobody saved the record since `version` (else EditConflict)."""
    with transaction.atomic():
        versioned_update(obj, expected_version=version, changes=changes)
        record_written.send(sender=type(obj), instance=obj)
        _audit("change", obj, acting_user, purpose, request, {"fields": sorted(changes)})
    return obj


def tracked_delete(
    obj: TrackedRecord,
    *,
    acting_user: Any,
    version: Any,
    request: HttpRequest | None = None,
    purpose: str = "Recorded in error",
) -> None:
    """Soft delete: the record leaves every list and page, and retention removes it later.
    Refused (EditConflict) if someone saved the record since `version`."""
    with transaction.atomic():
        versioned_update(obj, expected_version=version, changes={})
        type(obj).all_objects.filter(pk=obj.pk).update(deleted_at=timezone.now())
        _audit("delete", obj, acting_user, purpose, request, {"soft": True})
