"""saferschools roster-check PATH

Check a roster document (`saferschools.roster/1`) with the independent checker, which reads only
the document (no solver, no database): every hard rule, and the soft measures. Exits 1 when a
hard rule is broken, 0 when every hard rule is met.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.rostering.engine import check_document, count_violations, soft_measures


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--show", type=int, default=20, help="violations listed per rule")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            doc = json.loads(opts["path"].read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {opts['path']}: {exc}") from exc
        if doc.get("format") != "saferschools.roster/1":
            raise CommandError(f"{opts['path']} is not a saferschools.roster/1 document.")
        report = check_document(doc)
        limits = {r["name"]: r.get("limit", {}) for r in doc.get("rules", [])}
        for rule, items in report.items():
            mark = "ok  " if not items else "FAIL"
            self.stdout.write(f"{mark} {rule:<38} {len(items):>4}  limit {limits.get(rule, {})}")
            for v in items[: opts["show"]]:
                self.stdout.write(f"       {v.date} {v.subject}: {v.detail}")
        soft = soft_measures(doc)
        self.stdout.write(f"soft: {json.dumps(soft['units'])}; cost {soft['cost']}")
        n = count_violations(report)
        self.stdout.write(f"{len(doc.get('shifts', []))} shifts; {n} hard-rule violation(s)")
        if n:
            sys.exit(1)
