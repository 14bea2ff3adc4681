"""Redeployment scenarios: plan a period with fewer officers, compare, and commit the cover
(with letters to the schools)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from saferschools.accounts.choices import Action, Role
from saferschools.core.fields import stamp_of
from saferschools.core.services import notify
from saferschools.estate.models import Establishment
from saferschools.workforce.choices import CoverReason
from saferschools.workforce.models import Officer
from saferschools.workforce.services import cover_assignments_create

from .. import engine as E
from .. import selectors
from ..documents import (
    scenario_document,
    settings_from_inputs,
    solution_from_document,
)
from ..models import Plan, Scenario
from ..permissions import require_writer
from .actors import audit


def scenario_create(
    *,
    plan: Plan,
    start: dt.date,
    end: dt.date,
    acting_user: Any,
    remove_count: int = 0,
    officer_ids: Iterable[str] = (),
    name: str = "",
    reason: str = "",
    request: Any = None,
) -> Scenario:
    """Plan the period with fewer officers (nothing changes until it is committed)."""
    require_writer(acting_user, "make redeployment scenarios")
    officer_ids = tuple(dict.fromkeys(o.strip() for o in officer_ids if o and o.strip()))
    if start is None or end is None:
        raise E.InvalidInputError("A redeployment needs a start and an end date.")
    if remove_count is None or remove_count < 0:
        raise E.InvalidInputError("The number of officers to take away cannot be negative.")
    if not officer_ids and not remove_count:
        raise E.InvalidInputError(
            "Say how many officers are taken away, or name them (collar numbers)."
        )
    instance = selectors.instance_from_inputs(plan.inputs["instance"])
    settings = settings_from_inputs(plan.inputs["settings"])
    before = solution_from_document(plan.result)
    result = E.redeploy(
        before,
        instance,
        E.Redeployment(start, end, officer_ids, remove_count, reason),
        settings,
    )
    doc = scenario_document(result, before, settings)
    label = ", ".join(officer_ids) if officer_ids else ""
    if remove_count:
        label = (label + " and " if label else "") + f"{remove_count} officer(s)"
    with transaction.atomic():
        scenario = Scenario.objects.create(
            plan=plan,
            name=name or f"{label} away {start:%d %b} to {end:%d %b %Y}",
            created_by=stamp_of(acting_user),
            start=start,
            end=end,
            inputs={
                "remove_count": remove_count,
                "officer_ids": list(officer_ids),
                "reason": reason,
            },
            result=doc,
        )
        audit(
            acting_user,
            Action.CREATE,
            scenario,
            request=request,
            details={"removed": doc["removed"], "schools_affected": len(doc["affected"])},
        )
    return scenario


@transaction.atomic
def scenario_commit(*, scenario: Scenario, acting_user: Any, request: Any = None) -> int:
    """Write the cover for every school losing its named officer, and tell the schools.

    Only a scenario of the adopted plan can be committed (its officers are real people), and
    only once. Returns the number of CoverAssignment rows written.
    """
    require_writer(acting_user, "commit redeployment scenarios")
    scenario = Scenario.objects.select_for_update().select_related("plan").get(pk=scenario.pk)
    if scenario.committed_at is not None:
        raise E.InvalidInputError("This scenario has already been committed.")
    if scenario.plan.status != Plan.Status.ADOPTED:
        raise E.InvalidInputError(
            "Only a scenario of the adopted plan can be committed: this one belongs to a "
            f"{scenario.plan.get_status_display().lower()} plan. Make the scenario again from "
            "the adopted plan."
        )
    doc = scenario.result
    ids = {a["new_officer"] for a in doc["affected"]} | set(doc["removed"])
    officers = {o.collar_number: o for o in Officer.objects.filter(collar_number__in=ids)}
    unknown = sorted({a["new_officer"] for a in doc["affected"]} - set(officers))
    if unknown:
        raise E.UnknownOfficerError(
            f"These cover officers are not in the workforce: {', '.join(unknown)}."
        )
    schools = {
        str(e.urn): e
        for e in Establishment.objects.filter(urn__in=[int(a["urn"]) for a in doc["affected"]])
    }
    rows = cover_assignments_create(
        cover=[
            (schools[a["urn"]], officers[a["new_officer"]])
            for a in doc["affected"]
            if a["urn"] in schools
        ],
        start=scenario.start,
        end=scenario.end,
        reason=CoverReason.REDEPLOYMENT,
        scenario=scenario,
    )
    from saferschools.rostering.services import redeployment_record

    redeployment_record(scenario=scenario, officers=officers, acting_user=acting_user)
    scenario.committed_at = timezone.now()
    scenario.committed_by = stamp_of(acting_user)
    scenario.save(update_fields=["committed_at", "committed_by"])
    audit(
        acting_user,
        "commit",
        scenario,
        request=request,
        details={"cover_rows": len(rows), "removed": doc["removed"]},
    )
    from saferschools.accounts.models import User
    from saferschools.core.messaging.services import letter_to_school_send

    for letter in selectors.scenario_letters(scenario):
        subject = f"Your school's police contact from {scenario.start:%d %B %Y}"
        # The letter goes to the school's contact address whether or not anyone at the
        # school has an account here (issue 19); staff with accounts also see it in-app.
        letter_to_school_send(
            school=letter.school,
            subject=subject,
            letter=letter.text,
            topic="allocation.redeployment_letter",
            sent_by=acting_user,
            about=scenario,
        )
        staff = User.objects.filter(
            school=letter.school, role__in=[Role.HEADTEACHER, Role.DSL], is_active=True
        )
        notify(
            recipients=staff,
            subject=subject,
            body=letter.text,
            link=reverse("estate:school_detail", args=[letter.school.pk]),
            topic="allocation",
            email=False,
        )
    people = [o.user for o in officers.values() if o.user_id]
    notify(
        recipients=people,
        subject=f"Redeployment {scenario.start:%d %b} to {scenario.end:%d %b %Y}",
        body=f"{scenario.name}: officers away {', '.join(doc['removed'])}; "
        f"{len(rows)} school(s) covered by the officers named on the scenario page.",
        link=reverse("allocation:scenario_detail", args=[scenario.pk]),
        topic="allocation",
    )
    return len(rows)
