"""Sending a message outside the app (a school or local authority with no account).

One function, so the message system is changed in one place: it goes through the core outbox
(recorded, delivered by the queue with retries, failures shown to the sender). The message never
carries a child's details (the callers compose only "there is something to read").
"""

from __future__ import annotations

from typing import Any

from saferschools.core.messaging.services import message_send


def send_external(
    *, to: str, subject: str, body: str, record: Any = None, sent_by: Any = None
) -> None:
    message_send(
        to=to,
        subject=subject,
        text=body,
        topic="encompass",
        sent_by=sent_by,
        record_type=record._meta.label if record is not None else "",
        record_id=record.pk if record is not None else "",
    )
