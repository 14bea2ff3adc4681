"""`saferschools verify-audit`: prove the audit chain intact (exit 0) or name the first broken
entry (exit 1). `--anchor SEQ:HASH` also proves a head recorded earlier is still there."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from saferschools.accounts.audit import verify
from saferschools.accounts.db import triggers_present


class Command(BaseCommand):
    help = "Check the audit log's hash chain; name the first entry that breaks it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--anchor", help="SEQ:HASH of a head recorded earlier (e.g. from yesterday's run)"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        anchor = None
        if o.get("anchor"):
            seq, _, digest = o["anchor"].partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise CommandError("--anchor must be SEQ:HASH (a number, a colon, 64 hex digits)")
            anchor = (int(seq), digest.lower())
        report = verify(anchor)
        result = report.as_dict() | {"triggers_present": triggers_present(connection)}
        logging.getLogger("saferschools.audit").info("verify-audit %s", json.dumps(result))
        if o["json"]:
            self.stdout.write(json.dumps(result, indent=2))
        elif report.ok:
            self.stdout.write(
                f"Audit chain intact: {report.entries} entries. Head #{report.head_seq} "
                f"{report.head_hash} (keep this line elsewhere; pass it as --anchor later)."
            )
            if not result["triggers_present"]:
                self.stderr.write("Warning: the append-only triggers are missing.")
        else:
            entry = report.broken_entry
            where = (
                f" (row id {entry.pk}, {entry.at:%Y-%m-%d %H:%M:%S}, {entry.username})"
                if entry
                else ""
            )
            self.stderr.write(
                f"AUDIT CHAIN BROKEN at entry #{report.broken_seq}{where}: {report.reason}. "
                f"{report.entries} entries before it are intact."
            )
        if not report.ok:
            raise SystemExit(1)
