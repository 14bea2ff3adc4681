"""`saferschools import-history`: load a force's history from CSV files, one per record kind.

saferschools import-history --user inspector young_person people.csv
saferschools import-history --user inspector concern concerns.csv --json
saferschools import-history --layout            # the columns of every kind

A file is loaded whole or refused whole (every error named by line and column); one audit
entry per file. Layouts: docs/casework-import.md.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.casework.bulk_import import LAYOUTS, ImportRefused, import_history, layout_rows


class Command(BaseCommand):
    help = "Load history (young people, concerns, incidents, searches, ...) from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", choices=sorted(LAYOUTS))
        parser.add_argument("file", nargs="?")
        parser.add_argument("--user", help="the username the import is made by (audited)")
        parser.add_argument("--layout", action="store_true", help="print the CSV layouts")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["layout"]:
            for kind, column, need in layout_rows():
                self.stdout.write(f"{kind:13} {column:36} {need}")
            return
        if not options["kind"] or not options["file"] or not options["user"]:
            raise CommandError("Give --user, the record kind and the CSV file (or --layout).")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        try:
            result = import_history(
                acting_user=user,
                kind=options["kind"],
                source=options["file"],
                file_name=options["file"],
            )
        except FileNotFoundError:
            raise CommandError(f"No file {options['file']!r}.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ImportRefused as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"ok": False, "errors": exc.errors}))
            raise CommandError("\n".join([str(exc), *exc.errors])) from None
        if options["json"]:
            self.stdout.write(json.dumps({"ok": True, **result.as_dict()}))
        else:
            d = result.as_dict()
            self.stdout.write(
                f"Loaded {d['rows']:,} {options['kind']} records (#{d['first_id']} to "
                f"#{d['last_id']}) in {d['seconds']} s ({d['records_per_second']:,}/s); "
                f"audit entry #{d['audit_seq']}."
            )
