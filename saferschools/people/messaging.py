"""The one place the people section sends e-mail (invitations, letters to schools).

Business rule: a message is sent only once the transaction that caused it has committed, so a
rolled-back invitation never reaches anyone. Until the message system (outbox) is on main this
uses Django's mail framework directly; switching is a change to this module only.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction


def send_email(*, to: str, subject: str, body: str) -> None:
    """Send one plain-text e-mail to `to` when the current transaction commits."""
    if not to:
        return

    def send() -> None:
        send_mail(subject, body, None, [to])

    transaction.on_commit(send)
