"""`saferschools encompass-escalate`: alert the Encompass lead and the named officer about every
notification not acknowledged by its set time (once each). Safe to run as often as you like."""

from __future__ import annotations

from typing import Any

from saferschools.core.commands import SweepCommand
from saferschools.encompass.services import notifications_escalate


class Command(SweepCommand):
    help = "Alert about Operation Encompass notifications not acknowledged in time."
    json_key = "escalated"
    done = "{n} unacknowledged notification(s) escalated."

    def sweep(self) -> list[Any]:
        return [n.pk for n in notifications_escalate()]
