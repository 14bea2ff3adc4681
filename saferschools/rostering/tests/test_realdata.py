"""The real Kent & Medway area: adopt a plan (70 constables, 6 sergeants), roster two weeks that
mix the end of the summer term and the holiday from the database, check every rule."""

from __future__ import annotations

import datetime as dt

import pytest

from saferschools.rostering import engine as E
from saferschools.rostering.instance import build_instance
from saferschools.rostering.services import roster_generate
from saferschools.workforce.choices import Rank
from saferschools.workforce.models import Officer, SchoolAssignment

pytestmark = pytest.mark.realdata

#: Monday 13 July 2026: the standard summer term ends Wednesday 22 July.
START = dt.date(2026, 7, 13)


def adopt_kent_plan() -> str:
    """Adopt a 70 + 6 plan with the allocation app's services (as `saferschools plan --adopt`
    does)."""
    from saferschools.allocation.services import plan_adopt, plan_create
    from saferschools.testing.builders import make_officer

    for _ in range(70):
        make_officer(Rank.CONSTABLE)
    for _ in range(6):
        make_officer(Rank.SERGEANT)
    plan = plan_create(constables=70, sergeants=6, acting_user=None, time_limit_s=5.0)
    plan_adopt(plan=plan, acting_user=None)
    return "allocation.services.plan_adopt"


def test_two_week_kent_roster_from_the_adopted_plan(kent_area):
    how = adopt_kent_plan()
    constables = Officer.objects.filter(rank=Rank.CONSTABLE, is_active=True, district__isnull=False)
    assert constables.count() == 70, how
    assert Officer.objects.filter(rank=Rank.SERGEANT, is_active=True).count() == 6
    assert SchoolAssignment.objects.count() > 100
    built = build_instance(start=START, weeks=2)
    inst = built.instance
    assert len(inst.constables()) == 70 and len(inst.sergeants()) == 6
    assert len(inst.districts) == 13
    types = set(inst.day_types)
    assert {E.DayType.SCHOOL_DAY, E.DayType.SCHOOL_HOLIDAY, E.DayType.WEEKEND} <= types
    roster = roster_generate(start=START, weeks=2, acting_user=None, time_limit_s=40)
    assert roster.solve_status in ("OPTIMAL", "FEASIBLE")
    report = E.check_document(roster.document)
    assert E.count_violations(report) == 0, {k: v[:3] for k, v in report.items() if v}
    assert roster.violations == 0
    assert {s["officer"] for s in roster.document["shifts"]} == {o.id for o in inst.officers}
