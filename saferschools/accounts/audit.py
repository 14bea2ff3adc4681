"""The audit log (DPA 2018 s.62): append-only and hash-chained.

Business rules:
- every create, change, delete, export and disclosure, and every view of a child's record or
  a search record, is written here with who, role, when, what, which record, from where and
  the purpose given; so are denied attempts, sign-ins, sign-outs, failed sign-ins and lockouts;
- an entry is written in the same transaction as the change it records, so a change that rolls
  back leaves no entry and an entry that fails to write rolls the change back. In a service:

      @transaction.atomic
      def concern_update(*, concern, changes, acting_user, request=None):
          ...save the concern...
          audit_record(user=acting_user, action=Action.CHANGE, obj=concern, request=request,
                       details={"fields": sorted(changes)})

- each entry carries the SHA-256 of the previous entry, so editing or deleting a row breaks the
  chain, which `saferschools verify-audit` detects and names; database triggers refuse UPDATE
  and DELETE on the table in the first place (see `accounts/db.py`);
- one user opening more than BULK_ACCESS_LIMIT different children's records within
  BULK_ACCESS_WINDOW raises an alert to the inspector(s), once per window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .choices import Action, Outcome, Role
from .models import AuditEntry

GENESIS = "0" * 64
#: Records that are a child's record: a view of one counts towards the bulk-access alert.
CHILD_RECORD_TYPES = frozenset({"casework.YoungPerson", "casework.Search"})
BULK_ACCESS_LIMIT = 50
BULK_ACCESS_WINDOW = dt.timedelta(minutes=5)
#: Any constant identifies the audit chain's advisory lock on PostgreSQL.
_PG_LOCK_KEY = 7_305_462_011

logger = logging.getLogger("saferschools.audit")

AUDITED_DENIED_ATTR = "_saferschools_audited_denied"


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or the proxy's X-Forwarded-For when trusted."""
    if request is None:
        return ""
    if getattr(settings, "AUDIT_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
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


def _at_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def digest_of(entry: AuditEntry) -> str:
    return entry_digest(
        seq=entry.seq,
        at=_at_text(entry.at),
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


def _lock_chain() -> None:
    """Serialise writers of the chain for the rest of the transaction.

    PostgreSQL: a transaction-scoped advisory lock (SELECT ... FOR UPDATE on the last row is not
    enough: a waiter would re-read the same "last" row and collide on `seq`). SQLite: writes are
    serialised by the database lock (settings use BEGIN IMMEDIATE transactions).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def _anonymous_role(username: str) -> str:
    return "system" if username == "system" else "anonymous"


def record_type_of(obj: Any) -> str:
    return obj._meta.label if obj is not None else ""


def audit_record(
    *,
    user: Any,
    action: str,
    record_type: str = "",
    record_id: Any = "",
    obj: Any = None,
    purpose: str = "",
    request: HttpRequest | None = None,
    outcome: str = Outcome.ALLOWED,
    details: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Append one audit entry, inside the caller's transaction (or its own).

    Give the record either as `obj` (a model instance) or as `record_type` ("app.Model") and
    `record_id`. `username` names the account tried when nobody is signed in (failed sign-in).
    """
    if obj is not None:
        record_type = record_type or record_type_of(obj)
        record_id = record_id if record_id != "" else obj.pk
    authed = user is not None and getattr(user, "is_authenticated", False)
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=timezone.now(),
            user_id=user.pk if authed else None,
            username=(user.get_username() if authed else username)[:150],
            role=getattr(user, "role", "") if authed else _anonymous_role(username),
            action=action[:32],
            record_type=record_type[:80],
            record_id=str(record_id)[:64],
            purpose=(purpose or "")[:200],
            ip_address=client_ip(request),
            outcome=outcome[:12],
            details=json.loads(json.dumps(details or {}, default=str)),
            prev_hash=last.entry_hash if last else GENESIS,
        )
        entry.entry_hash = digest_of(entry)
        entry.save(force_insert=True)
        if (
            authed
            and action == Action.VIEW
            and outcome == Outcome.ALLOWED
            and entry.record_type in CHILD_RECORD_TYPES
        ):
            _check_bulk_access(user, entry)
    return entry


def audit_view(request: HttpRequest, obj: Any, *, purpose: str = "", **details: Any) -> None:
    """Record that the signed-in user opened `obj` (call it in every view of a child's record)."""
    audit_record(
        user=request.user,
        action=Action.VIEW,
        obj=obj,
        purpose=purpose or request.GET.get("purpose", ""),
        request=request,
        details=details or None,
    )


def audit_denied(
    *,
    request: HttpRequest,
    action: str = Action.VIEW,
    record_type: str = "",
    record_id: Any = "",
    purpose: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Log a denied attempt (a record outside the user's scope, a guessed id, a wrong role)."""
    setattr(request, AUDITED_DENIED_ATTR, True)
    return audit_record(
        user=request.user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        purpose=purpose,
        request=request,
        outcome=Outcome.DENIED,
        details=details,
    )


def _check_bulk_access(user: Any, entry: AuditEntry) -> None:
    since = entry.at - BULK_ACCESS_WINDOW
    opened = (
        AuditEntry.objects.filter(
            user_id=user.pk,
            action=Action.VIEW,
            outcome=Outcome.ALLOWED,
            record_type__in=CHILD_RECORD_TYPES,
            at__gte=since,
        )
        .values("record_type", "record_id")
        .distinct()
        .count()
    )
    if opened <= BULK_ACCESS_LIMIT:
        return
    already = AuditEntry.objects.filter(
        action=Action.ALERT,
        record_type="accounts.User",
        record_id=str(user.pk),
        at__gte=since,
    ).exists()
    if already:
        return
    from django.contrib.auth import get_user_model

    from saferschools.core.services import notify

    audit_record(
        user=None,
        username="system",
        action=Action.ALERT,
        record_type="accounts.User",
        record_id=user.pk,
        outcome=Outcome.FLAGGED,
        details={"topic": "bulk_access", "children": opened, "username": user.get_username()},
    )
    inspectors = get_user_model().objects.filter(role=Role.INSPECTOR, is_active=True)
    notify(
        recipients=inspectors,
        subject=f"{user.get_username()} opened {opened} children's records in 5 minutes",
        body=(
            f"{user} ({user.get_username()}) opened {opened} different children's records "
            f"within {int(BULK_ACCESS_WINDOW.total_seconds() // 60)} minutes. Check the "
            "audit log for what they opened and why."
        ),
        link=f"/audit/?user={user.get_username()}",
        kind="alert",
        topic="audit.bulk_access",
    )


@dataclass
class ChainReport:
    ok: bool
    entries: int
    reason: str
    broken_seq: int | None = None
    broken_entry: AuditEntry | None = None
    head_seq: int = 0
    head_hash: str = GENESIS

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "reason": self.reason,
            "first_broken_seq": self.broken_seq,
            "first_broken_id": self.broken_entry.pk if self.broken_entry else None,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
        }


def verify(anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the chain from the first entry; report the first entry that breaks it.

    The chain alone cannot show that entries were cut off its end; `anchor` (a seq and hash
    recorded earlier, e.g. from a previous run's output kept elsewhere) proves that a known
    head is still there and unchanged.
    """
    prev = GENESIS
    expected = 1
    count = 0
    anchor_seen = anchor is None
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected:
            return ChainReport(
                False,
                count,
                f"entry #{expected} is missing: the entry after #{expected - 1} is #{entry.seq}",
                expected,
                entry,
            )
        if entry.prev_hash != prev:
            return ChainReport(
                False,
                count,
                f"entry #{entry.seq} does not follow the hash of entry #{entry.seq - 1}",
                entry.seq,
                entry,
            )
        if digest_of(entry) != entry.entry_hash:
            return ChainReport(
                False,
                count,
                f"entry #{entry.seq} was changed after it was written",
                entry.seq,
                entry,
            )
        if anchor is not None and entry.seq == anchor[0]:
            if entry.entry_hash != anchor[1]:
                return ChainReport(
                    False, count, f"entry #{entry.seq} does not match the anchor", entry.seq, entry
                )
            anchor_seen = True
        prev = entry.entry_hash
        expected += 1
        count += 1
    if not anchor_seen:
        assert anchor is not None
        return ChainReport(
            False,
            count,
            f"the anchor entry #{anchor[0]} is gone: the log was cut after #{count}",
            anchor[0],
            None,
            count,
            prev,
        )
    return ChainReport(True, count, f"{count} entries, chain intact", None, None, count, prev)


def verify_chain() -> tuple[bool, AuditEntry | None, str]:
    """Walk the chain. Returns (ok, first broken entry, reason)."""
    report = verify()
    return report.ok, report.broken_entry, report.reason
