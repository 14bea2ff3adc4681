"""The audit log: append-only, hash-chained. Write with `audit_record` inside the same
transaction as the change it records."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEntry

GENESIS = "0" * 64


def _client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:64]


def entry_digest(
    *,
    seq: int,
    at: str,
    username: str,
    role: str,
    action: str,
    record_type: str,
    record_id: str,
    purpose: str,
    ip_address: str,
    outcome: str,
    details: Any,
    prev_hash: str,
) -> str:
    """SHA-256 over the entry's content and the previous entry's hash."""
    payload = json.dumps(
        [
            seq,
            at,
            username,
            role,
            action,
            record_type,
            record_id,
            purpose,
            ip_address,
            outcome,
            details,
            prev_hash,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def digest_of(entry: AuditEntry) -> str:
    return entry_digest(
        seq=entry.seq,
        at=entry.at.isoformat(timespec="microseconds"),
        username=entry.username,
        role=entry.role,
        action=entry.action,
        record_type=entry.record_type,
        record_id=entry.record_id,
        purpose=entry.purpose,
        ip_address=entry.ip_address,
        outcome=entry.outcome,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )


def audit_record(
    *,
    user: Any,
    action: str,
    record_type: str = "",
    record_id: Any = "",
    purpose: str = "",
    request: HttpRequest | None = None,
    outcome: str = "allowed",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry (in the caller's transaction, or its own)."""
    with transaction.atomic():
        last = (
            AuditEntry.objects.select_for_update()
            .order_by("-seq")
            .only("seq", "entry_hash")
            .first()
        )
        seq = (last.seq + 1) if last else 1
        prev = last.entry_hash if last else GENESIS
        at = timezone.now()
        authed = user is not None and getattr(user, "is_authenticated", False)
        entry = AuditEntry(
            seq=seq,
            at=at,
            user=user if authed else None,
            username=user.get_username() if authed else "",
            role=getattr(user, "role", "") if authed else "anonymous",
            action=action,
            record_type=record_type,
            record_id=str(record_id)[:64],
            purpose=purpose[:200],
            ip_address=_client_ip(request),
            outcome=outcome,
            details=json.loads(json.dumps(details or {}, default=str)),
            prev_hash=prev,
        )
        entry.entry_hash = digest_of(entry)
        entry.save(force_insert=True)
        return entry


def audit_denied(
    *, request: HttpRequest, action: str, record_type: str, record_id: Any, purpose: str = ""
) -> AuditEntry:
    """Log a denied attempt (a record outside the user's scope, or a guessed id)."""
    return audit_record(
        user=request.user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        purpose=purpose,
        request=request,
        outcome="denied",
    )


def verify_chain() -> tuple[bool, AuditEntry | None, str]:
    """Walk the chain. Returns (ok, first broken entry, reason)."""
    prev = GENESIS
    expected_seq = 1
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return False, entry, f"entry #{expected_seq} is missing (next present is #{entry.seq})"
        if entry.prev_hash != prev:
            return False, entry, f"entry #{entry.seq} does not follow the previous entry's hash"
        if digest_of(entry) != entry.entry_hash:
            return False, entry, f"entry #{entry.seq} was changed after it was written"
        prev = entry.entry_hash
        expected_seq += 1
    return True, None, f"{expected_seq - 1} entries, chain intact"
