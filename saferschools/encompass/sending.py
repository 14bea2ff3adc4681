"""Sending a message outside the app (a school or local authority with no account).

One function, so the message system is changed in one place. The message never carries a
child's details (the callers compose only "there is something to read").
"""

from __future__ import annotations

from typing import Any

from django.core.mail import send_mail
from django.db import transaction


def send_external(*, to: str, subject: str, body: str, record: Any = None) -> None:
    """Send on commit to one address."""
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))
