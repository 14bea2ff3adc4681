"""Reading messages: who may see which (the outbox page, a record's deliveries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import DeliveryPreference, OutboundMessage


def alert_preference(user: Any) -> str:
    """ "immediate" (the default), "digest" or "none"."""
    pref = DeliveryPreference.objects.filter(user_id=user.pk).values_list("alerts", flat=True)
    return next(iter(pref), DeliveryPreference.Alerts.IMMEDIATE)


def sees_all_messages(user: Any) -> bool:
    """The system administrator runs the service's mail: they see every message."""
    return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


def messages_for(*, user: Any) -> QuerySet[OutboundMessage]:
    """The messages a person may read: those they sent or that were sent to them (an
    administrator: all of them)."""
    qs = OutboundMessage.objects.select_related("sent_by", "recipient")
    if sees_all_messages(user):
        return qs
    return qs.filter(Q(sent_by=user) | Q(recipient=user))


def deliveries_for(*, user: Any, record_type: str, record_id: Any) -> list[OutboundMessage]:
    """Messages sent about one record that ``user`` may see (shown on the record's page)."""
    return list(
        messages_for(user=user).filter(record_type=record_type, record_id=str(record_id))[:50]
    )
