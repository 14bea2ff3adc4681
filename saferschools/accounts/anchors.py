"""Audit anchors: the chain's head, written outside the database.

Business rule: the keyed chain shows any change made by someone without the audit key; it
cannot show a tail cut off the end, nor a chain rebuilt by someone who holds the key and the
database. So the head (seq and hash) is written, every AUDIT_ANCHOR_EVERY entries and whenever
`saferschools audit-anchor` runs (schedule it hourly), to places the web application cannot
rewrite:

- `AUDIT_ANCHOR_FILE`: one JSON line appended per anchor (opened O_APPEND; make the file
  append-only with `chattr +a` or ship it to a log host, so the app's own user can add lines
  but not change them);
- the `saferschools.audit.anchor` logger (INFO), for the log shipper.

`saferschools verify-audit` reads the file and checks every anchor against the chain. Each
line carries an HMAC under the audit key, so a line forged without the key is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger("saferschools.audit.anchor")


@dataclass(frozen=True)
class Anchor:
    seq: int
    entry_hash: str
    at: str
    reason: str


class AnchorFileError(ValueError):
    """The anchor file has a line that is not a valid, signed anchor."""


def anchor_file() -> Path | None:
    path = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    return Path(path) if path else None


def _mac(seq: int, entry_hash: str, at: str) -> str:
    from .audit import chain_keys

    keys = chain_keys()
    message = f"{seq}:{entry_hash}:{at}".encode()
    if not keys:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(keys[0], message, hashlib.sha256).hexdigest()


def _mac_ok(seq: int, entry_hash: str, at: str, mac: str) -> bool:
    from .audit import chain_keys

    message = f"{seq}:{entry_hash}:{at}".encode()
    candidates = [hmac.new(k, message, hashlib.sha256).hexdigest() for k in chain_keys()]
    if not chain_keys():
        candidates.append(hashlib.sha256(message).hexdigest())
    return any(hmac.compare_digest(c, mac) for c in candidates)


def anchor_write(
    *, seq: int | None = None, entry_hash: str | None = None, reason: str = "scheduled"
) -> Anchor | None:
    """Write the head (or the given entry) as an anchor: a line appended to the anchor file
    and a log record. Returns the anchor, or None when the chain is empty."""
    if seq is None or entry_hash is None:
        from .models import AuditEntry

        head = AuditEntry.objects.order_by("-seq").only("seq", "entry_hash").first()
        if head is None:
            return None
        seq, entry_hash = head.seq, head.entry_hash
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    anchor = Anchor(seq, entry_hash, at, reason)
    line = json.dumps(
        {
            "seq": seq,
            "hash": entry_hash,
            "at": at,
            "reason": reason,
            "mac": _mac(seq, entry_hash, at),
        },
        separators=(",", ":"),
    )
    logger.info("audit anchor %s", line)
    path = anchor_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    return anchor


def anchors_read(path: Path | None = None) -> list[Anchor]:
    """Every anchor in the file (none if there is no file). A line that is not JSON, or whose
    MAC is not the audit key's, is an error naming the line: someone wrote to the file."""
    path = path or anchor_file()
    if path is None or not path.exists():
        return []
    anchors = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data: dict[str, Any] = json.loads(raw)
            seq, entry_hash, at = int(data["seq"]), str(data["hash"]), str(data["at"])
            mac = str(data["mac"])
        except (ValueError, KeyError, TypeError) as exc:
            raise AnchorFileError(f"{path} line {number} is not an anchor ({exc})") from exc
        if not _mac_ok(seq, entry_hash, at, mac):
            raise AnchorFileError(
                f"{path} line {number} (entry #{seq}) is not signed with the audit key: "
                "the anchor file was written to by someone else"
            )
        anchors.append(Anchor(seq, entry_hash, at, str(data.get("reason", ""))))
    return anchors
