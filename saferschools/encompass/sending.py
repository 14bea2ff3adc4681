"""Sending a message outside the app (a school or local authority with no account).

One function, so the message system is changed in one place. The message never carries a
child's details (the callers compose only "there is something to read").
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def send_external(*, to: str, subject: str, body: str, record: Any = None) -> None:
    """Send on commit to one address, through the message system (core.messaging: recorded
    with its delivery, retried with backoff; kept in the outbox when nothing sends)."""
    from saferschools.core.messaging.services import message_send

    def send() -> None:
        message_send(
            to=to,
            subject=subject,
            text=body,
            topic="encompass",
            record_type=f"{record._meta.label}" if record is not None else "",
            record_id=getattr(record, "pk", "") or "",
        )

    transaction.on_commit(send)
