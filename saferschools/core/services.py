"""Writing notifications. Call `notify` inside the transaction that made the event: the
messages are created and e-mailed only once that transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
    """Queue one notification per distinct recipient, written on commit.

    With ``email``, each recipient who has an address is e-mailed as their delivery preference
    says: at once (the default), in the next daily digest, or not at all. The e-mail says what
    happened (``subject``) and links to it; it never carries ``body``, which may describe a
    child's record (core/messaging/services.py records and delivers it)."""
    people = {r.pk: r for r in recipients if r is not None and getattr(r, "is_active", True)}

    def send() -> None:
        from .messaging.selectors import alert_preference
        from .messaging.services import alert_email_send

        wants = {
            pk: alert_preference(u) if email and u.email else "none" for pk, u in people.items()
        }
        Notification.objects.bulk_create(
            Notification(
                recipient=u,
                subject=subject[:200],
                body=body,
                link=link,
                kind=kind,
                topic=topic,
                digest_pending=wants[u.pk] == "digest",
            )
            for u in people.values()
        )
        for u in people.values():
            if wants[u.pk] == "immediate":
                alert_email_send(user=u, subject=subject, link=link or "/inbox/", topic=topic)

    transaction.on_commit(send)


def notification_mark_read(*, notification: Notification, acting_user: Any) -> None:
    if notification.recipient_id == acting_user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
