"""Interventions with a child (police roles): no rule beyond who may record one, at the child's
school."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from ..models import Intervention
from .records import UpdateRule, record_create, update_rule


def intervention_create(
    intervention: Intervention, *, acting_user: Any, request: HttpRequest | None = None
) -> Intervention:
    """Record an intervention built by the caller (the form's or the API's fields)."""
    return record_create(
        intervention, acting_user=acting_user, purpose="Recording an intervention", request=request
    )


update_rule(Intervention, UpdateRule(purpose="Updating an intervention"))
