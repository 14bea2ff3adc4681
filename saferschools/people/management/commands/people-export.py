"""`saferschools people-export [--json] [--role ROLE] [--district CODE]`: the people list in
the import's columns (CSV on standard output), or as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from saferschools.accounts.models import User
from saferschools.people.onboarding import export_rows, exportable, people_export_csv


class Command(BaseCommand):
    help = "Export people in the import's CSV columns (or --json)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print JSON instead of CSV")
        parser.add_argument("--role", help="only this role")
        parser.add_argument("--district", help="only officers of this district (ONS code)")

    def handle(self, *args: Any, **o: Any) -> None:
        qs = User.objects.order_by("username")
        if o.get("role"):
            qs = qs.filter(role=o["role"])
        if o.get("district"):
            qs = qs.filter(officer__district__code=o["district"])
        people = exportable(qs)
        if o["json"]:
            self.stdout.write(json.dumps(export_rows(people), indent=2))
        else:
            self.stdout.write(people_export_csv(people), ending="")
