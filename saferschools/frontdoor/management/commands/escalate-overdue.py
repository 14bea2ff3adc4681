"""`saferschools escalate-overdue`: tell the sergeant of each public message that is past its
reply target with no answer (once per message). Safe to run as often as you like (e.g. hourly
from cron)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saferschools.frontdoor.services import public_messages_escalate_overdue


class Command(BaseCommand):
    help = "Escalate unanswered public messages past their target to the officer's sergeant."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        escalated = public_messages_escalate_overdue()
        refs = [m.request.reference for m in escalated]
        if options["json"]:
            self.stdout.write(json.dumps({"escalated": refs}))
        else:
            self.stdout.write(f"{len(refs)} overdue public message(s) escalated.")
