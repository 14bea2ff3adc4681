"""Interventions with a child (police roles)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from saferschools.core.records import tracked_create

from .. import permissions
from ..models import Intervention, YoungPerson
from .records import UpdateRule, update_rule


def intervention_create(
    *,
    acting_user: Any,
    young_person: YoungPerson,
    kind: str,
    start_date: dt.date,
    provider: str = "",
    end_date: dt.date | None = None,
    due_date: dt.date | None = None,
    status: str = "planned",
    outcome: str = "",
    childs_words: str = "",
    request: HttpRequest | None = None,
    is_synthetic: bool = False,
) -> Intervention:
    permissions.require_write(acting_user, "intervention")
    permissions.require_school(acting_user, young_person.school_id)
    obj = Intervention(
        young_person=young_person,
        kind=kind,
        provider=provider,
        start_date=start_date,
        end_date=end_date,
        due_date=due_date,
        status=status,
        outcome=outcome,
        childs_words=childs_words,
        is_synthetic=is_synthetic,
    )
    return tracked_create(
        obj, acting_user=acting_user, request=request, purpose="Recording an intervention"
    )


update_rule(Intervention, UpdateRule(purpose="Updating an intervention"))
