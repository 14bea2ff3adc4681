"""The one place the people section sends e-mail (invitations, letters to schools).

Business rule: a message is sent only once the transaction that caused it has committed, so a
rolled-back invitation never reaches anyone. Every message goes through the message system
(core.messaging: recorded in the outbox with its delivery, retried, failures shown to the sender).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def send_email(*, to: str, subject: str, body: str, sent_by: Any = None) -> None:
    """Send one plain-text e-mail to `to` when the current transaction commits."""
    if not to:
        return
    from saferschools.core.messaging.services import message_send

    def send() -> None:
        message_send(to=to, subject=subject, text=body, topic="people", sent_by=sent_by)

    transaction.on_commit(send)
