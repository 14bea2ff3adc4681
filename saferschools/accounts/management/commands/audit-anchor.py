"""`saferschools audit-anchor`: write the audit chain's head outside the database (the anchor
file and the log). Schedule it (hourly); verify-audit checks every anchor it wrote."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from saferschools.accounts.anchors import anchor_file, anchor_write


class Command(BaseCommand):
    help = "Write the audit chain's head (seq and keyed hash) to the anchor file and the log."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print the anchor as JSON")

    def handle(self, *args: Any, **o: Any) -> None:
        anchor = anchor_write(reason="scheduled")
        where = anchor_file()
        if o["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "seq": anchor.seq if anchor else None,
                        "hash": anchor.entry_hash if anchor else None,
                        "file": str(where) if where else None,
                    }
                )
            )
        elif anchor is None:
            self.stdout.write("The audit log is empty: nothing to anchor.")
        else:
            self.stdout.write(
                f"Anchored entry #{anchor.seq} {anchor.entry_hash} "
                f"in {where or 'the log only (no AUDIT_ANCHOR_FILE)'}."
            )
