"""`saferschools people-import FILE --as USERNAME [--dry-run] [--json]`: bring officers and school staff on
board from a CSV (columns: see `saferschools.people.onboarding`). Exit 1 if any row is wrong
(nothing is then changed); each problem names its line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from saferschools.accounts.models import User
from saferschools.people.onboarding import people_import
from saferschools.people.permissions import can_manage


class Command(BaseCommand):
    help = "Import people from a CSV file (checks every row first; nothing half-done)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the CSV file ('-' for standard input)")
        parser.add_argument("--dry-run", action="store_true", help="list what would change")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument(
            "--as",
            dest="as_user",
            required=True,
            help="the username of the administrator or inspector making the import (a grant "
            "of access then waits for a second person of the other role to approve it)",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        path = o["file"]
        if path == "-":
            import sys

            data = sys.stdin.buffer.read()
        else:
            p = Path(path)
            if not p.is_file():
                raise CommandError(f"No file at {p}.")
            data = p.read_bytes()
        acting = User.objects.filter(username=o["as_user"], is_active=True).first()
        if acting is None or not can_manage(acting):
            raise CommandError(
                f"--as {o['as_user']}: no active system administrator or inspector of that name."
            )
        result = people_import(data=data, acting_user=acting, dry_run=o["dry_run"])
        if o["json"]:
            self.stdout.write(json.dumps(result.to_dict(), indent=2))
        else:
            for row in result.rows:
                if row.action != "unchanged":
                    self.stdout.write(
                        f"line {row.line}: {row.action} {row.username}: {'; '.join(row.changes)}"
                    )
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stdout.write(result.summary())
        if result.problems:
            raise SystemExit(1)
