"""`saferschools review-due`: records past their retention review date.

saferschools review-due            # list them
saferschools review-due --json     # the same as JSON
saferschools review-due --apply    # delete or anonymise them (each audited)
saferschools review-due --on 2031-01-01   # as if on another day
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.casework.retention import records_due, retention_apply


class Command(BaseCommand):
    help = "List (or with --apply, delete or anonymise) records due for retention review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--apply", action="store_true")
        parser.add_argument("--on", help="review as of this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on must be a date like 2031-01-31") from None
        if options["apply"]:
            result = retention_apply(on=on)
            if options["json"]:
                self.stdout.write(json.dumps(result.as_dict(), default=str))
            else:
                self.stdout.write(
                    f"Deleted {len(result.deleted)}, anonymised {len(result.anonymised)}, "
                    f"kept {len(result.kept)}."
                )
            return
        due = records_due(on=on)
        if options["json"]:
            self.stdout.write(json.dumps([asdict(d) for d in due], default=str))
            return
        if not due:
            self.stdout.write("No records are due for review.")
        for d in due:
            self.stdout.write(f"{d.review_date}  {d.record_type:<26} {d.record_id:>8}  {d.action}")
