"""Performance indicators from workforce and engagement records, against hand counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from saferschools.allocation.models import Plan, Scenario
from saferschools.workforce.models import CoverAssignment, NamedOfficerPeriod, SchoolAssignment

from .. import figures as F
from ..periods import Month
from ..report import build_report
from .helpers import World, at

pytestmark = pytest.mark.django_db

JUNE = Month(2025, 6)  # 30 days


def test_named_officer_days_cover_and_committed_redeployment():
    w = World(3)
    a, b, c = w.schools
    # The history says who was named when (recording began with A on 1 January 2024).
    NamedOfficerPeriod.objects.filter(establishment=a).update(start=dt.date(2024, 1, 1))
    NamedOfficerPeriod.objects.filter(establishment=b).update(start=dt.date(2025, 6, 21))
    SchoolAssignment.objects.filter(establishment=c).delete()
    NamedOfficerPeriod.objects.filter(establishment=c).delete()
    plan = Plan.objects.create(name="P", method="webster", officers=1, sergeants=1)
    committed = Scenario.objects.create(
        plan=plan,
        name="Summer operation",
        start=dt.date(2025, 6, 1),
        end=dt.date(2025, 6, 10),
        committed_at=timezone.now(),
    )
    # School A: leave 3-5 June (3 days), redeployment 8-12 June (5 days, 2 of them after
    # the scenario's end but the cover row says so), overlapping leave on 5 June only once.
    for start, end, reason, scenario in (
        (dt.date(2025, 6, 3), dt.date(2025, 6, 5), "leave", None),
        (dt.date(2025, 6, 5), dt.date(2025, 6, 12), "other", committed),
    ):
        CoverAssignment.objects.create(
            establishment=a,
            officer=w.officers[1],
            start=start,
            end=end,
            reason=reason,
            scenario=scenario,
        )
    rows = {r.school_id: r for r in F.indicators([JUNE])[JUNE]}
    ra, rb, rc = rows[a.pk], rows[b.pk], rows[c.pk]
    assert (ra.days_no_named, ra.days_covered, ra.days_redeployed) == (0, 10, 8)
    assert ra.named_at_end and ra.officer
    assert (rb.days_no_named, rb.named_at_end) == (20, True)  # 1-20 June: no one named
    assert (rc.days_no_named, rc.named_at_end, rc.officer) == (30, False, "")
    impact = F.redeployment_impact(JUNE, list(rows.values()))
    assert [(i.name, i.schools, i.school_days) for i in impact] == [("Summer operation", 1, 8)]


def test_days_before_recording_began_are_not_counted_as_missing():
    w = World(1)
    (a,) = w.schools
    NamedOfficerPeriod.objects.filter(establishment=a).update(start=dt.date(2025, 6, 11))
    row = F.indicators([JUNE])[JUNE][0]
    assert row.days_no_named == 0  # 1-10 June predate any record: unknown, not missing


def test_contacts_requests_sessions_concerns_referrals():
    w = World(2)
    a, b = w.schools
    for day in (2, 9, 16):
        w.contact(a, dt.date(2025, 6, day))
    w.contact(b, dt.date(2025, 7, 1))  # next month
    received = at(dt.date(2025, 6, 4), 9)
    for hours, target in ((10, 24), (30, 24), (60, 72)):
        w.request(a, received, target_hours=target, answered_after_hours=hours)
    w.request(b, received, target_hours=72)
    w.session(b, dt.date(2025, 6, 20), attendance=120)
    yp = w.child(school=a)
    w.concern(yp, at(dt.date(2025, 6, 5)))
    w.concern(yp, at(dt.date(2025, 5, 31), 12))  # May
    w.referral(yp, dt.date(2025, 6, 6), responded=dt.date(2025, 6, 20))
    w.referral(yp, dt.date(2025, 5, 20), responded=dt.date(2025, 6, 2))  # completed in June
    rows = {r.school_id: r for r in F.indicators([JUNE])[JUNE]}
    ra, rb = rows[a.pk], rows[b.pk]
    assert (ra.contacts, rb.contacts) == (3, 0)
    assert (ra.requests, ra.requests_answered, ra.requests_on_target) == (3, 3, 2)
    assert F.median(ra.response_hours) == pytest.approx(30)
    assert (rb.requests, rb.requests_answered) == (1, 0)
    assert (rb.sessions, rb.session_attendance) == (1, 120)
    assert (ra.concerns, ra.referrals_made, ra.referrals_completed) == (1, 1, 2)

    report = build_report(JUNE, public=False, sections=["performance"])
    t = next(t for t in report.tables if t.key == "perf-district")
    total = {c: cell.text for c, cell in zip(t.columns, t.rows[-1].cells, strict=True)}
    assert total["Contacts with school leaders"] == "3"  # activity: shown to the force
    assert total["Contacts per school"] == "1.5"
    assert total["School requests received"] == "4"
    assert total["% within target"] == "50%"
    assert total["Median hours to first response"] == "30.0"
    assert total["Concerns recorded"] == "[c]"  # about children: hidden below 5
    public = build_report(JUNE, public=True, sections=["performance"])
    t = next(t for t in public.tables if t.key == "perf-district")
    total = {c: cell.text for c, cell in zip(t.columns, t.rows[-1].cells, strict=True)}
    assert total["Contacts with school leaders"] == "[c]"  # public: activity hidden too
    assert total["Contacts per school"] == "[c]"
    assert not [x for x in public.tables if x.key in {"perf-officer", "redeployment"}]


NOVEMBER = Month(2026, 11)


def _officer_cells(report, key: str) -> dict[str, str]:
    """The force row of a performance table: column label -> published cell."""
    table = next(t for s in report.sections for t in s.tables if t.key == key)
    total = next(r for r in table.rows if r.is_total)
    return {col: c.text for col, c in zip(table.columns, total.cells, strict=True)}


def test_november_named_officer_figures_agree_with_each_other():
    """Issue 16: November said 0 of 166 schools had a named officer and, in the same table, 0
    days without one. Both now come from one history: every school-day is named, without, or
    before the record began, and "named at month end" is the last day of the same set."""
    w = World(4)
    a, b, c, d = w.schools
    # A named all month; B named from 21 November; C never named (record began 1 October);
    # D's officer left on 10 November and nobody replaced them.
    NamedOfficerPeriod.objects.filter(establishment=a).update(start=dt.date(2026, 10, 1))
    NamedOfficerPeriod.objects.filter(establishment=b).update(start=dt.date(2026, 11, 21))
    SchoolAssignment.objects.filter(establishment=c).delete()
    NamedOfficerPeriod.objects.filter(establishment=c).delete()
    NamedOfficerPeriod.objects.filter(establishment=d).update(
        start=dt.date(2026, 10, 5), end=dt.date(2026, 11, 10)
    )
    SchoolAssignment.objects.filter(establishment=d).delete()
    rows = {r.school_id: r for r in F.indicators([NOVEMBER])[NOVEMBER]}
    for r in rows.values():
        assert r.days_named + r.days_no_named + r.days_unrecorded == r.school_days == 30
        # A school without a named officer at month end, in a recorded month, has at least
        # that day without one.
        assert r.named_at_end or not r.end_recorded or r.days_no_named >= 1
    assert [(rows[s.pk].named_at_end, rows[s.pk].days_no_named) for s in (a, b, c, d)] == [
        (True, 0),
        (True, 20),
        (False, 30),
        (False, 20),
    ]
    # The published table says the same: 2 of 4 named at month end, 70 days without.
    report = build_report(NOVEMBER, public=False, sections=["performance"])
    cells = _officer_cells(report, "perf-district")
    named = cells["With a named officer at month end"]
    without = cells["School-days with no named officer on record"]
    assert (cells["Schools"], named, without) == ("4", "2", "70")


def test_a_month_before_the_record_began_says_so_instead_of_zeros():
    """The November case itself: the named-officer record starts in December, so November is
    "not recorded", never "0 schools named and 0 days without"."""
    w = World(2)
    NamedOfficerPeriod.objects.update(start=dt.date(2026, 12, 1))
    rows = F.indicators([NOVEMBER])[NOVEMBER]
    assert all(
        (r.named_at_end, r.days_no_named, r.days_unrecorded, r.end_recorded)
        == (False, 0, 30, False)
        for r in rows
    )
    report = build_report(NOVEMBER, public=False, sections=["performance"])
    section = next(s for s in report.sections if s.key == "performance")
    assert any("not known (they are not zeros)" in p for p in section.intro)
    cells = _officer_cells(report, "perf-district")
    assert cells["School-days before the officer record began"] == "60"
    assert w.schools
