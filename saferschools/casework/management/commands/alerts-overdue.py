"""`saferschools alerts-overdue`: tell the named officer and sergeant of each overdue referral
(once per referral). Safe to run as often as you like (e.g. hourly from cron)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saferschools.casework.services import referrals_alert_overdue


class Command(BaseCommand):
    help = "Alert the named officer and sergeant of referrals past their response date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        alerted = referrals_alert_overdue()
        if options["json"]:
            self.stdout.write(json.dumps({"alerted": [r.pk for r in alerted]}))
        else:
            self.stdout.write(f"{len(alerted)} overdue referral(s) alerted.")
