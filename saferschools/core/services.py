"""Writing notifications. Call `notify` inside the transaction that made the event: the
messages are created and e-mailed only once that transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(
    *,
    recipients: Iterable[Any],
    subject: str,
    body: str = "",
    link: str = "",
    kind: str = Notification.Kind.INFO,
    topic: str = "",
    email: bool = True,
) -> None:
    """Queue one notification per distinct recipient, written on commit."""
    people = {r.pk: r for r in recipients if r is not None and getattr(r, "is_active", True)}

    def send() -> None:
        Notification.objects.bulk_create(
            Notification(
                recipient=u, subject=subject[:200], body=body, link=link, kind=kind, topic=topic
            )
            for u in people.values()
        )
        if email:
            for u in people.values():
                if u.email:
                    send_mail(subject, body + (f"\n\n{link}" if link else ""), None, [u.email])

    transaction.on_commit(send)


def notification_mark_read(*, notification: Notification, acting_user: Any) -> None:
    if notification.recipient_id == acting_user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
