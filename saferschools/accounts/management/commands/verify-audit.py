"""`saferschools verify-audit`: prove the audit chain intact (exit 0) or name the first broken
entry (exit 1). Checks the keyed hash of every entry and every anchor in AUDIT_ANCHOR_FILE
(`--anchors PATH` for another copy); `--anchor SEQ:HASH` adds a head recorded by hand. Read
entries not yet sealed into the chain are checked one by one and counted."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from saferschools.accounts.anchors import AnchorFileError, anchor_file, anchors_read
from saferschools.accounts.audit import verify
from saferschools.accounts.db import protection_summary, triggers_present


class Command(BaseCommand):
    help = "Check the audit log's keyed hash chain and its anchors; name the first broken entry."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--anchor", help="SEQ:HASH of a head recorded earlier (e.g. from yesterday's run)"
        )
        parser.add_argument(
            "--anchors",
            help="an anchor file to check (default: AUDIT_ANCHOR_FILE), e.g. the copy on the "
            "log host",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        anchor = None
        if o.get("anchor"):
            seq, _, digest = o["anchor"].partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise CommandError("--anchor must be SEQ:HASH (a number, a colon, 64 hex digits)")
            anchor = (int(seq), digest.lower())
        path = Path(o["anchors"]) if o.get("anchors") else anchor_file()
        if o.get("anchors") and not path.exists():
            raise CommandError(f"No anchor file at {path}")
        try:
            recorded = [(a.seq, a.entry_hash) for a in anchors_read(path)]
        except AnchorFileError as exc:
            self.stderr.write(f"AUDIT ANCHORS NOT TRUSTWORTHY: {exc}")
            raise SystemExit(1) from exc
        report = verify(anchor, anchors=recorded)
        result = report.as_dict() | {
            "triggers_present": triggers_present(connection),
            "anchor_file": str(path) if path else None,
            "anchors_in_file": len(recorded),
            "protection": protection_summary(connection),
        }
        logging.getLogger("saferschools.audit").info("verify-audit %s", json.dumps(result))
        if o["json"]:
            self.stdout.write(json.dumps(result, indent=2))
        elif report.ok:
            self.stdout.write(
                f"Audit chain intact: {report.entries} entries"
                f"{'' if not report.unkeyed else f' ({report.unkeyed} from before the key)'}; "
                f"{report.anchors_checked} anchors checked. Head #{report.head_seq} "
                f"{report.head_hash}. {report.pending} read entries pending (each intact; "
                "the scheduled job accounts.audit_seal seals them into the chain every minute)."
            )
            if not report.keyed:
                self.stderr.write("Warning: no AUDIT_HMAC_KEYS: the chain is not keyed.")
            if not result["triggers_present"]:
                self.stderr.write("Warning: the append-only triggers are missing.")
            self.stdout.write(result["protection"])
        else:
            entry = report.broken_entry
            where = (
                f" (row id {entry.pk}, {entry.at:%Y-%m-%d %H:%M:%S}, {entry.username})"
                if entry
                else ""
            )
            at = f"entry #{report.broken_seq}{where}" if report.broken_seq else "a read entry"
            self.stderr.write(
                f"AUDIT CHAIN BROKEN at {at}: {report.reason}. "
                f"{report.entries} entries before it are intact."
            )
        if not report.ok:
            raise SystemExit(1)
