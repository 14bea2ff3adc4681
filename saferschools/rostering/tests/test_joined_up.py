"""Rostering joined up with the rest of the system: a committed redeployment scenario is an
absence the published roster respects, repaired with the fewest changes and reviewed before
publication."""

from __future__ import annotations

import datetime as dt

import pytest

from saferschools.allocation import services as allocation
from saferschools.allocation.tests.conftest import build_small_force
from saferschools.core.models import Notification
from saferschools.rostering import engine as E
from saferschools.rostering.models import Absence, Roster
from saferschools.rostering.services import roster_generate, roster_publish
from saferschools.testing.builders import make_officer
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer

from .conftest import simple_rules


def _next_monday(weeks_ahead: int) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) + 7 * weeks_ahead)


def _shifts(roster: Roster) -> dict[tuple[str, str], str]:
    return {(s["officer"], s["date"]): s["shift"] for s in roster.document["shifts"]}


@pytest.mark.django_db
def test_committed_redeployment_removes_shifts_keeps_rules_changes_only_its_district_and_weeks(
    django_capture_on_commit_callbacks,
):
    force = build_small_force()
    inspector = force.users["inspector"]
    plan = allocation.plan_create(constables=7, sergeants=2, acting_user=inspector)
    allocation.plan_adopt(plan=plan, acting_user=inspector)
    plan.refresh_from_db()
    for district in force.districts[::2]:  # two more sergeants: every division every day
        make_officer(Rank.SERGEANT, division=district.division)
    simple_rules()
    start = _next_monday(2)
    roster = roster_generate(start=start, weeks=4, acting_user=inspector, time_limit_s=20)
    assert roster.violations == 0
    with django_capture_on_commit_callbacks(execute=True):
        roster_publish(roster=roster, acting_user=inspector)

    # Redeploy one officer of the largest district for weeks 2 and 3.
    pcs = Officer.objects.filter(collar_number__in=[o["id"] for o in roster.document["officers"]])
    by_district: dict[str, list[Officer]] = {}
    for pc in pcs.filter(rank="PC").select_related("district"):
        by_district.setdefault(pc.district.code, []).append(pc)
    district, team = max(by_district.items(), key=lambda kv: len(kv[1]))
    assert len(team) >= 3
    away = team[0]
    window = (start + dt.timedelta(days=7), start + dt.timedelta(days=20))
    before = _shifts(roster)
    in_window = [
        d
        for (o, d) in before
        if o == away.collar_number and window[0].isoformat() <= d <= window[1].isoformat()
    ]
    assert in_window, "the officer had shifts in the redeployment window"
    scenario = allocation.scenario_create(
        plan=plan,
        start=window[0],
        end=window[1],
        officer_ids=[away.collar_number],
        acting_user=inspector,
        name="Summer operation",
    )
    with django_capture_on_commit_callbacks(execute=True):
        allocation.scenario_commit(scenario=scenario, acting_user=inspector)

    # One source of truth: the redeployment is an absence of the officer for its dates.
    absence = Absence.objects.get(officer=away)
    assert (absence.start, absence.end, absence.reason) == (*window, "redeployed")
    assert absence.source == "scenario" and absence.source_ref == f"scenario:{scenario.pk}"

    # The published roster stays until the sergeant publishes the repaired draft.
    roster.refresh_from_db()
    assert roster.status == Roster.Status.PUBLISHED
    draft = Roster.objects.get(previous=roster)
    assert draft.status == Roster.Status.DRAFT and draft.version == 2
    after = _shifts(draft)

    # The officer's shifts inside the window are gone; every rule still holds.
    assert not [
        d
        for (o, d) in after
        if o == away.collar_number and window[0].isoformat() <= d <= window[1].isoformat()
    ]
    assert draft.violations == 0
    assert E.count_violations(E.check_document(draft.document)) == 0

    # Nothing changed outside the affected district and the redeployment's weeks.
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed
    district_of = {pc.collar_number: pc.district.code for pc in pcs.filter(rank="PC")}
    assert {district_of.get(o) for o, _ in changed} == {district}
    assert all(window[0].isoformat() <= d <= window[1].isoformat() for _, d in changed)
    assert {(c["officer"], c["date"]) for c in draft.document["changes"]} == changed

    # The sergeants review it; publishing it tells the officers whose shifts changed.
    with django_capture_on_commit_callbacks(execute=True):
        roster_publish(roster=draft, acting_user=inspector)
    roster.refresh_from_db()
    assert roster.status == Roster.Status.SUPERSEDED
    told = set(
        Notification.objects.filter(subject__startswith="Your roster has changed").values_list(
            "recipient__officer__collar_number", flat=True
        )
    )
    with_accounts = {o for o, _ in changed if Officer.objects.get(collar_number=o).user_id}
    assert told == with_accounts
