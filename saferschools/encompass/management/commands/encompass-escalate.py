"""`saferschools encompass-escalate`: alert the Encompass lead and the named officer about every
notification not acknowledged by its set time (once each). Safe to run as often as you like."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saferschools.encompass.services import notifications_escalate


class Command(BaseCommand):
    help = "Alert about Operation Encompass notifications not acknowledged in time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        late = notifications_escalate()
        if options["json"]:
            self.stdout.write(json.dumps({"escalated": [n.pk for n in late]}))
        else:
            self.stdout.write(f"{len(late)} unacknowledged notification(s) escalated.")
