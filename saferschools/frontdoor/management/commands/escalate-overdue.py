"""`saferschools escalate-overdue`: tell the sergeant of each public message that is past its
reply target with no answer (once per message). Safe to run as often as you like (e.g. hourly
from cron)."""

from __future__ import annotations

from typing import Any

from saferschools.core.commands import SweepCommand
from saferschools.frontdoor.services import public_messages_escalate_overdue


class Command(SweepCommand):
    help = "Escalate unanswered public messages past their target to the officer's sergeant."
    json_key = "escalated"
    done = "{n} overdue public message(s) escalated."

    def sweep(self) -> list[Any]:
        return [m.request.reference for m in public_messages_escalate_overdue()]
