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

- each entry carries an HMAC-SHA-256 of its content and the previous entry's hash, keyed with a
  secret held outside the database (`AUDIT_HMAC_KEYS`), so editing or deleting a row breaks
  the chain and someone who can write the table but does not hold the key cannot recompute it;
  `saferschools verify-audit` detects and names the first broken entry. Anchors (the head's
  seq and hash, written outside the database: `anchors.py`) show a cut-off tail or a chain
  rebuilt by someone who does hold the key. Database triggers and grants refuse UPDATE and
  DELETE on the table in the first place (`accounts/db.py`, `saferschools db-roles`);
- `chain_append` is the one function that writes the chain: every entry goes through it.
- one user opening more than BULK_ACCESS_LIMIT different children's records within
  BULK_ACCESS_WINDOW raises an alert to the inspector(s), once per window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
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


def _payload(
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
) -> bytes:
    return json.dumps(
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
    ).encode("utf-8")


def chain_keys() -> list[bytes]:
    """The chain's HMAC keys, newest first (settings.AUDIT_HMAC_KEYS). The first signs new
    entries; older ones still verify the entries they signed (key rotation)."""
    return [k.encode("utf-8") for k in getattr(settings, "AUDIT_HMAC_KEYS", []) if k]


def entry_digest(*, key: bytes | None = None, **fields: Any) -> str:
    """HMAC-SHA-256 (keyed with `key`, by default the current chain key) over the entry's
    content and the previous entry's hash. With no key configured at all: plain SHA-256 (the
    unkeyed chain of releases before the key; verify-audit says so)."""
    payload = _payload(**fields)
    if key is None:
        keys = chain_keys()
        key = keys[0] if keys else None
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _at_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _fields_of(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": _at_text(entry.at),
        "username": entry.username,
        "role": entry.role,
        "action": entry.action,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "purpose": entry.purpose,
        "ip_address": entry.ip_address,
        "outcome": entry.outcome,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    }


def digest_of(entry: AuditEntry, *, key: bytes | None = None) -> str:
    return entry_digest(key=key, **_fields_of(entry))


def signing_key_index(entry: AuditEntry, keys: list[bytes]) -> int | None:
    """Which of `keys` signed the entry (0 = newest); len(keys) for an unkeyed (plain SHA-256)
    entry written before the chain had a key; None if none did."""
    payload = _payload(**_fields_of(entry))
    for i, key in enumerate(keys):
        if hmac.compare_digest(
            hmac.new(key, payload, hashlib.sha256).hexdigest(), entry.entry_hash
        ):
            return i
    if hmac.compare_digest(hashlib.sha256(payload).hexdigest(), entry.entry_hash):
        return len(keys)
    return None


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


def chain_append(rows: list[dict[str, Any]]) -> list[AuditEntry]:
    """Append entries to the chain: the one place the chain is written.

    Each row holds an entry's content (user_id, username, role, action, record_type,
    record_id, purpose, ip_address, outcome, details; `at` defaults to now). Inside the
    caller's transaction (or its own): the chain is locked, each entry gets the next seq, the
    previous entry's hash and its own keyed hash, and all are inserted in one statement. When
    an entry's seq is a multiple of AUDIT_ANCHOR_EVERY, an anchor is written once the
    transaction commits.
    """
    if not rows:
        return []
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        seq = last.seq if last else 0
        prev = last.entry_hash if last else GENESIS
        now = timezone.now()
        entries = []
        for row in rows:
            seq += 1
            entry = AuditEntry(seq=seq, prev_hash=prev, **({"at": now} | row))
            entry.entry_hash = digest_of(entry)
            prev = entry.entry_hash
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        every = int(getattr(settings, "AUDIT_ANCHOR_EVERY", 0) or 0)
        if every and any(e.seq % every == 0 for e in entries):
            from .anchors import anchor_write

            head = entries[-1]
            transaction.on_commit(
                lambda: anchor_write(seq=head.seq, entry_hash=head.entry_hash, reason="every")
            )
    return entries


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
        (entry,) = chain_append(
            [
                {
                    "user_id": user.pk if authed else None,
                    "username": (user.get_username() if authed else username)[:150],
                    "role": getattr(user, "role", "") if authed else _anonymous_role(username),
                    "action": action[:32],
                    "record_type": record_type[:80],
                    "record_id": str(record_id)[:64],
                    "purpose": (purpose or "")[:200],
                    "ip_address": client_ip(request),
                    "outcome": outcome[:12],
                    "details": json.loads(json.dumps(details or {}, default=str)),
                }
            ]
        )
        if (
            authed
            and action == Action.VIEW
            and outcome == Outcome.ALLOWED
            and entry.record_type in CHILD_RECORD_TYPES
        ):
            _check_bulk_access(user, entry)
    return entry


SEALED = "sealed"


def seal(value: Any) -> dict[str, str] | None:
    """Encrypt what identifies a person before it goes into an entry's details (a search for a
    child by name, a date of birth). The chain hashes the ciphertext, so verify-audit needs no
    key for it; reading it back (`unseal`) needs FIELD_ENCRYPTION_KEYS. Empty: None."""
    from saferschools.core.fields import encrypt_text

    if not value:
        return None
    return {SEALED: encrypt_text(json.dumps(value, sort_keys=True, default=str))}


def unseal(value: Any) -> Any:
    """The value `seal` encrypted (anything else is returned as it is)."""
    from saferschools.core.fields import decrypt_text

    if isinstance(value, dict) and set(value) == {SEALED}:
        return json.loads(decrypt_text(value[SEALED]))
    return value


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
    unkeyed: int = 0
    anchors_checked: int = 0
    keyed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "reason": self.reason,
            "first_broken_seq": self.broken_seq,
            "first_broken_id": self.broken_entry.pk if self.broken_entry else None,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "keyed": self.keyed,
            "unkeyed_entries": self.unkeyed,
            "anchors_checked": self.anchors_checked,
        }


def verify(
    anchor: tuple[int, str] | None = None,
    *,
    anchors: list[tuple[int, str]] | None = None,
) -> ChainReport:
    """Walk the chain from the first entry; report the first entry that breaks it.

    Each entry's hash must be the HMAC of its content under one of the chain keys, never an
    older key than the entry before it (entries from before the chain had a key verify as
    plain SHA-256, and only before the first keyed one). Someone who can write the table but
    does not hold the key therefore cannot rewrite history and recompute the hashes after it.

    The chain alone cannot show that entries were cut off its end, or that someone holding the
    key rebuilt it; `anchors` (seq and hash pairs recorded outside the database, `anchors.py`)
    and `anchor` (one pair given by hand) prove that each recorded head is still there,
    unchanged.
    """
    keys = chain_keys()
    expected_anchors: dict[int, str] = {}
    for seq, digest in [*(anchors or []), *([anchor] if anchor else [])]:
        if expected_anchors.get(seq, digest) != digest:
            return ChainReport(
                False, 0, f"two anchors disagree about entry #{seq}", seq, None, keyed=bool(keys)
            )
        expected_anchors[seq] = digest
    prev = GENESIS
    expected = 1
    count = 0
    unkeyed = 0
    checked = 0
    key_floor = len(keys)  # entries may move to newer keys (lower index), never back

    def broken(reason: str, seq: int | None, entry: AuditEntry | None) -> ChainReport:
        return ChainReport(
            False,
            count,
            reason,
            seq,
            entry,
            unkeyed=unkeyed,
            anchors_checked=checked,
            keyed=bool(keys),
        )

    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected:
            return broken(
                f"entry #{expected} is missing: the entry after #{expected - 1} is #{entry.seq}",
                expected,
                entry,
            )
        if entry.prev_hash != prev:
            return broken(
                f"entry #{entry.seq} does not follow the hash of entry #{entry.seq - 1}",
                entry.seq,
                entry,
            )
        index = signing_key_index(entry, keys)
        if index is None:
            return broken(
                f"entry #{entry.seq} was changed after it was written (its hash is not the "
                "audit key's HMAC of its content)",
                entry.seq,
                entry,
            )
        if index > key_floor:
            what = "unkeyed" if index == len(keys) else "signed with an older key"
            return broken(
                f"entry #{entry.seq} is {what} but follows a keyed entry: the chain was "
                "rewritten from here without the current key",
                entry.seq,
                entry,
            )
        key_floor = index
        if index == len(keys):
            unkeyed += 1
        if entry.seq in expected_anchors:
            if entry.entry_hash != expected_anchors[entry.seq]:
                return broken(
                    f"entry #{entry.seq} does not match its anchor (recorded outside the "
                    "database): the chain was rebuilt",
                    entry.seq,
                    entry,
                )
            checked += 1
        prev = entry.entry_hash
        expected += 1
        count += 1
    beyond = sorted(seq for seq in expected_anchors if seq > count)
    if beyond:
        return ChainReport(
            False,
            count,
            f"the anchor entry #{beyond[-1]} is gone: the log was cut after #{count}",
            beyond[-1],
            None,
            count,
            prev,
            unkeyed=unkeyed,
            anchors_checked=checked,
            keyed=bool(keys),
        )
    return ChainReport(
        True,
        count,
        f"{count} entries, chain intact",
        None,
        None,
        count,
        prev,
        unkeyed=unkeyed,
        anchors_checked=checked,
        keyed=bool(keys),
    )


def verify_chain() -> tuple[bool, AuditEntry | None, str]:
    """Walk the chain. Returns (ok, first broken entry, reason)."""
    report = verify()
    return report.ok, report.broken_entry, report.reason
