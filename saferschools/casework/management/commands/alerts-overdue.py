"""`saferschools alerts-overdue`: tell the named officer and sergeant of each overdue referral
(once per referral). Safe to run as often as you like (e.g. hourly from cron)."""

from __future__ import annotations

from typing import Any

from saferschools.casework.services import referrals_alert_overdue
from saferschools.core.commands import SweepCommand


class Command(SweepCommand):
    help = "Alert the named officer and sergeant of referrals past their response date."
    json_key = "alerted"
    done = "{n} overdue referral(s) alerted."

    def sweep(self) -> list[Any]:
        return [r.pk for r in referrals_alert_overdue()]
