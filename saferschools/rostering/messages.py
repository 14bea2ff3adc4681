"""How the rostering app tells people things: the one function that sends.

Every rostering message (a roster published, a re-roster to review, your shifts changed, a
request to decide or decided) goes through `tell`, so switching to the message system of the
background-work issue is a change here only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from saferschools.core.services import notify


def tell(*, recipients: Iterable[Any], subject: str, body: str, link: str = "") -> None:
    """Send one message to each distinct active recipient (inbox and email, on commit)."""
    notify(recipients=recipients, subject=subject, body=body, link=link, topic="roster")
