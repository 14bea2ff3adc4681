"""`{% load outbox %}{% deliveries "engagement.SchoolRequest" obj.pk %}`: the e-mails and texts
sent about a record, with their delivery (so a failure is visible to the sender)."""

from __future__ import annotations

from typing import Any

from django import template

from saferschools.core.messaging.selectors import deliveries_for

register = template.Library()


@register.inclusion_tag("core/messages/_deliveries.html", takes_context=True)
def deliveries(context: Any, record_type: str, record_id: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"deliveries": deliveries_for(user=user, record_type=record_type, record_id=record_id)}
