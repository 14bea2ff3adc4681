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
- reads (a view or a list, allowed) do not take the chain's lock: `audit_record` appends them
  to the pending table (`PendingAuditEntry`, one INSERT, each with its own keyed hash), and the
  scheduled job `accounts.audit_seal` (every minute) moves them, in order, into the chain with
  `seal_pending`. A pending entry whose hash does not match is never sealed (sealing stops
  before it) and `verify-audit` fails naming it; `verify-audit` also says how many wait
  (decision record 205).
- one user opening more than BULK_ACCESS_LIMIT different children's records within
  BULK_ACCESS_WINDOW raises an alert to the inspector(s), once per window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass, fields
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from .choices import Action, Outcome, Role
from .models import AuditEntry, PendingAuditEntry

GENESIS = "0" * 64
#: Records that are a child's record: a view of one counts towards the bulk-access alert.
CHILD_RECORD_TYPES = frozenset({"casework.YoungPerson", "casework.Search"})
BULK_ACCESS_LIMIT = 50
BULK_ACCESS_WINDOW = dt.timedelta(minutes=5)
#: Any constant identifies the audit chain's advisory lock on PostgreSQL.
_PG_LOCK_KEY = 7_305_462_011
#: Allowed reads: written to the pending table without the chain's lock, sealed in batches.
READ_ACTIONS = frozenset({Action.VIEW, Action.SEARCH})
SEAL_BATCH = 5000
#: What an entry says besides its time, by attribute (in the order of the CSV export).
CONTENT_FIELDS = (
    "user_id",
    "username",
    "role",
    "action",
    "record_type",
    "record_id",
    "purpose",
    "ip_address",
    "outcome",
    "details",
)

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


def _content(entry: AuditEntry | PendingAuditEntry) -> dict[str, Any]:
    """The hashed content every entry has (CONTENT_FIELDS but the user's id, which the
    username stands for)."""
    return {"at": _at_text(entry.at)} | {
        f: getattr(entry, f) for f in CONTENT_FIELDS if f != "user_id"
    }


def _fields_of(entry: AuditEntry) -> dict[str, Any]:
    return {"seq": entry.seq, **_content(entry), "prev_hash": entry.prev_hash}


def digest_of(entry: AuditEntry, *, key: bytes | None = None) -> str:
    return entry_digest(key=key, **_fields_of(entry))


def _pending_fields(entry: PendingAuditEntry) -> dict[str, Any]:
    """A pending entry's hashed content: as a chain entry's, with no place in the chain yet
    (seq 0) and its random token where the previous hash will be."""
    return {"seq": 0, **_content(entry), "prev_hash": f"pending:{entry.token}"}


def pending_intact(entry: PendingAuditEntry, keys: list[bytes]) -> bool:
    """The pending entry's hash is a chain key's HMAC of its content (plain SHA-256 only when
    no key is configured at all)."""
    payload = _payload(**_pending_fields(entry))
    if not keys:
        return hmac.compare_digest(hashlib.sha256(payload).hexdigest(), entry.entry_hash)
    return any(
        hmac.compare_digest(hmac.new(k, payload, hashlib.sha256).hexdigest(), entry.entry_hash)
        for k in keys
    )


def pending_append(row: dict[str, Any]) -> PendingAuditEntry:
    """Write one read entry to the pending table: one INSERT, no lock on the chain."""
    entry = PendingAuditEntry(token=secrets.token_hex(16), **({"at": timezone.now()} | row))
    entry.entry_hash = entry_digest(**_pending_fields(entry))
    entry.save(force_insert=True)
    return entry


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


@dataclass
class SealReport:
    sealed: int
    pending: int
    tampered: PendingAuditEntry | None = None

    @property
    def ok(self) -> bool:
        return self.tampered is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "sealed": self.sealed,
            "pending": self.pending,
            "tampered_pending_id": self.tampered.pk if self.tampered else None,
        }


def seal_pending(*, batch: int = SEAL_BATCH) -> SealReport:
    """Move the pending read entries into the chain, oldest first, `batch` at a time.

    Each batch is one transaction under the chain's lock: the entries are appended to the chain
    (keeping their own time) and deleted from the pending table by their ids, so an entry is in
    exactly one place whatever commits meanwhile. An entry whose hash does not match its
    content is not sealed: sealing stops before it (reads go on being written) and the report
    names it, as `verify-audit` does.
    """
    from .db import audit_sealing

    keys = chain_keys()
    sealed = 0
    tampered = None
    while tampered is None:
        with transaction.atomic():
            _lock_chain()
            rows = list(PendingAuditEntry.objects.order_by("id")[:batch])
            good = []
            for row in rows:
                if not pending_intact(row, keys):
                    tampered = row
                    break
                good.append(row)
            if good:
                chain_append(
                    [{"at": r.at} | {f: getattr(r, f) for f in CONTENT_FIELDS} for r in good]
                )
                with audit_sealing(connection):
                    PendingAuditEntry.objects.filter(pk__in=[r.pk for r in good]).delete()
            sealed += len(good)
        if len(rows) < batch:
            break
    if tampered is not None:
        logger.error(
            "pending audit entry id %s was changed after it was written: not sealed", tampered.pk
        )
    return SealReport(sealed, PendingAuditEntry.objects.count(), tampered)


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
) -> AuditEntry | PendingAuditEntry:
    """Append one audit entry, inside the caller's transaction (or its own): to the chain, or
    for an allowed read to the pending table (sealed into the chain by `seal_pending`).

    Give the record either as `obj` (a model instance) or as `record_type` ("app.Model") and
    `record_id`. `username` names the account tried when nobody is signed in (failed sign-in).
    """
    if obj is not None:
        record_type = record_type or record_type_of(obj)
        record_id = record_id if record_id != "" else obj.pk
    authed = user is not None and getattr(user, "is_authenticated", False)
    row = {
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
    with transaction.atomic():
        entry: AuditEntry | PendingAuditEntry
        if action in READ_ACTIONS and outcome == Outcome.ALLOWED:
            entry = pending_append(row)
        else:
            (entry,) = chain_append([row])
    # The bulk-access check reads after the entry is written, outside its transaction: on
    # SQLite a transaction holds the one write lock, and every list's read is audited.
    if (
        authed
        and action == Action.VIEW
        and outcome == Outcome.ALLOWED
        and entry.record_type in CHILD_RECORD_TYPES
    ):
        _check_bulk_access(user, entry)
    return entry


def audit_write(
    acting_user: Any, action: str, obj: Any, *, request: HttpRequest | None = None, **details: Any
) -> None:
    """The entry a service's write ends with: `acting_user` did `action` to `obj`, a model
    instance whose type and id the entry takes, with `details`. Inside the caller's transaction,
    like every `audit_record`, which takes what this does not cover (an outcome other than
    allowed, a record named by type and id, an account tried by name)."""
    audit_record(user=acting_user, action=action, obj=obj, request=request, details=details)


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


class Attempt(TypedDict, total=False):
    """What a denied attempt was at: the action (a view unless said), the record by type and
    id, the purpose given, and any details."""

    action: str
    record_type: str
    record_id: Any
    purpose: str
    details: dict[str, Any] | None


def audit_denied(
    *, request: HttpRequest, **attempt: Unpack[Attempt]
) -> AuditEntry | PendingAuditEntry:
    """Log a denied attempt (a record outside the user's scope, a guessed id, a wrong role)."""
    setattr(request, AUDITED_DENIED_ATTR, True)
    entry: dict[str, Any] = {"action": Action.VIEW, **attempt}
    return audit_record(user=request.user, request=request, outcome=Outcome.DENIED, **entry)


def _check_bulk_access(user: Any, entry: AuditEntry | PendingAuditEntry) -> None:
    since = entry.at - BULK_ACCESS_WINDOW
    opened = len(
        {
            pair
            for model in (PendingAuditEntry, AuditEntry)  # not sealed yet, and sealed
            for pair in model.objects.filter(  # type: ignore[attr-defined]
                user_id=user.pk,
                action=Action.VIEW,
                outcome=Outcome.ALLOWED,
                record_type__in=CHILD_RECORD_TYPES,
                at__gte=since,
            )
            .values_list("record_type", "record_id")
            .distinct()
        }
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
        obj=user,
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


#: The names `ChainReport.as_dict` gives the fields whose own names say less.
_REPORT_NAMES = {
    "broken_seq": "first_broken_seq",
    "unkeyed": "unkeyed_entries",
    "pending": "pending_entries",
}


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
    pending: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The report as `verify-audit --json` prints it: the broken entry by its id, and the
        counts of entries named for what they count."""
        out = {_REPORT_NAMES.get(f.name, f.name): getattr(self, f.name) for f in fields(self)}
        out["first_broken_id"] = self.broken_entry.pk if self.broken_entry else None
        del out["broken_entry"]
        return out


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

    def end(ok: bool, reason: str, seq: int | None = None, pending: int = 0) -> ChainReport:
        return ChainReport(
            ok,
            count,
            reason,
            seq,
            None,
            count,
            prev,
            unkeyed=unkeyed,
            anchors_checked=checked,
            keyed=bool(keys),
            pending=pending,
        )

    beyond = sorted(seq for seq in expected_anchors if seq > count)
    if beyond:
        return end(
            False,
            f"the anchor entry #{beyond[-1]} is gone: the log was cut after #{count}",
            beyond[-1],
        )
    pending = 0
    for p in PendingAuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if not pending_intact(p, keys):
            return end(
                False,
                f"pending read entry id {p.pk} ({p.username} {p.action} {p.record_type} "
                f"{p.record_id}) was changed after it was written (its hash is not the audit "
                "key's HMAC of its content)",
                pending=pending,
            )
        pending += 1
    return end(
        True,
        f"{count} entries, chain intact; {pending} read entries pending, each intact",
        pending=pending,
    )


def verify_chain() -> tuple[bool, AuditEntry | None, str]:
    """Walk the chain. Returns (ok, first broken entry, reason)."""
    report = verify()
    return report.ok, report.broken_entry, report.reason
