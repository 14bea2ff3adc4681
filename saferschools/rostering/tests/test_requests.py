"""Requests and swaps against the published roster, the officer's calendar feed, and fairness
over the year: assessed by the checker, decided by the sergeant, audited, told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from saferschools.accounts.models import AuditEntry
from saferschools.core.models import Notification
from saferschools.rostering.models import Absence, CalendarFeed, Roster
from saferschools.rostering.request_services import (
    roster_request_create,
    roster_request_decide,
    roster_request_respond,
)
from saferschools.rostering.services import (
    RosterError,
    absence_create,
    roster_generate,
    roster_publish,
)

from .conftest import simple_rules


def next_monday(weeks_ahead: int = 1) -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) + 7 * weeks_ahead)


def published(force, start: dt.date, callbacks) -> Roster:  # noqa: ANN001
    roster = roster_generate(
        start=start, weeks=1, acting_user=force.users["inspector"], time_limit_s=10
    )
    with callbacks(execute=True):
        roster_publish(roster=roster, acting_user=force.users["inspector"])
    return roster


def shifts(roster: Roster) -> dict[tuple[str, str], str]:
    return {(s["officer"], s["date"]): s["shift"] for s in roster.document["shifts"]}


def test_day_off_that_breaks_nothing_is_published_with_exactly_that_change(
    force, django_capture_on_commit_callbacks
):
    simple_rules()
    start = next_monday()
    roster = published(force, start, django_capture_on_commit_callbacks)
    pc1 = force.pcs[0]
    before = shifts(roster)
    days = [
        start + dt.timedelta(days=k)
        for k in range(7)
        if (pc1.collar_number, (start + dt.timedelta(days=k)).isoformat()) in before
    ]
    assert days
    reqs = [
        roster_request_create(
            officer=pc1, kind="day_off", day=d, acting_user=force.users["pc1"], note="dentist"
        )
        for d in days
    ]
    for r in reqs:
        assert r.status == "pending" and r.roster_id == roster.pk
        assert r.assessment["changes"] == [
            {
                "officer": pc1.collar_number,
                "date": r.date.isoformat(),
                "before": before[pc1.collar_number, r.date.isoformat()],
                "after": None,
                "kind": "shift_removed",
                "flags": [],
                "compensation": None,
            }
        ]
    fine = [r for r in reqs if r.assessment["ok"]]
    assert fine, "some day off leaves every rule met"
    req = fine[0]
    # nobody decides their own request; a sergeant decides only for their team
    with pytest.raises(RosterError):
        roster_request_decide(request=req, approve=True, acting_user=force.users["pc1"])
    with pytest.raises(RosterError):
        roster_request_decide(request=req, approve=True, acting_user=force.users["ps2"])
    with django_capture_on_commit_callbacks(execute=True):
        req = roster_request_decide(request=req, approve=True, acting_user=force.users["ps1"])
    assert req.status == "approved" and req.decided_by == force.users["ps1"]
    new = req.result_roster
    assert new.status == "published" and new.previous_id == roster.pk and new.violations == 0
    roster.refresh_from_db()
    assert roster.status == "superseded"
    after = shifts(new)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed == {(pc1.collar_number, req.date.isoformat())}
    assert new.shifts.count() == len(new.document["shifts"])
    absence = Absence.objects.get(officer=pc1, reason="rest_day")
    assert absence.source == "request" and absence.start == req.date
    assert Notification.objects.filter(
        recipient=force.users["pc1"], subject__startswith="Your roster has changed"
    ).exists()
    actions = set(
        AuditEntry.objects.filter(record_type="rostering.RosterRequest").values_list(
            "action", flat=True
        )
    )
    assert {"create", "approve"} <= actions


def test_day_off_leaving_the_district_without_cover_is_flagged_and_cannot_be_given(
    force, django_capture_on_commit_callbacks
):
    simple_rules()
    start = next_monday()
    saturday = start + dt.timedelta(days=5)
    for pc in force.pcs[1:]:
        absence_create(
            officer=pc, start=saturday, end=saturday, reason="annual_leave", acting_user=None
        )
    published(force, start, django_capture_on_commit_callbacks)
    pc1 = force.pcs[0]
    req = roster_request_create(
        officer=pc1, kind="day_off", day=saturday, acting_user=force.users["pc1"]
    )
    assert not req.assessment["ok"]
    assert "rule_district_daily_cover" in [b["rule"] for b in req.assessment["uncovered"]]
    assert "no constable on duty in the district (Riverside)" in req.assessment["breaks"][0]["text"]
    with pytest.raises(RosterError, match="cannot be given"):
        roster_request_decide(request=req, approve=True, acting_user=force.users["ps1"])
    req.refresh_from_db()
    assert req.status == "pending" and not Absence.objects.filter(reason="rest_day").exists()
    with django_capture_on_commit_callbacks(execute=True):
        roster_request_decide(
            request=req, approve=False, note="Nobody else that day", acting_user=force.users["ps1"]
        )
    req.refresh_from_db()
    assert req.status == "refused"
    assert Notification.objects.filter(
        recipient=force.users["pc1"], subject__startswith="Request refused"
    ).exists()


def test_swap_needs_the_colleague_then_the_sergeant(force, django_capture_on_commit_callbacks):
    simple_rules()
    start = next_monday()
    roster = published(force, start, django_capture_on_commit_callbacks)
    pc1, pc3 = force.pcs[0], force.pcs[2]  # PC 3 is in the other sergeant's team
    before = shifts(roster)
    week = [(start + dt.timedelta(days=k)).isoformat() for k in range(7)]

    def on(pc, iso):  # noqa: ANN001, ANN202
        return before.get((pc.collar_number, iso))

    # a day pc1 works and pc3 does not (or works another shift): the swap exchanges them
    iso = next(d for d in week if on(pc1, d) and on(pc1, d) != on(pc3, d))
    day = dt.date.fromisoformat(iso)
    with django_capture_on_commit_callbacks(execute=True):
        req = roster_request_create(
            officer=pc1, kind="swap", day=day, colleague=pc3, acting_user=force.users["pc1"]
        )
    assert req.status == "awaiting_colleague"
    assert Notification.objects.filter(
        recipient=force.users["pc3"], subject__contains="swap"
    ).exists()
    with pytest.raises(RosterError):  # not before the colleague agrees
        roster_request_decide(request=req, approve=True, acting_user=force.users["inspector"])
    with pytest.raises(RosterError):  # only the colleague asked answers
        roster_request_respond(request=req, agree=True, acting_user=force.users["pc2"])
    req = roster_request_respond(request=req, agree=True, acting_user=force.users["pc3"])
    assert req.status == "pending"
    with pytest.raises(RosterError):  # PS 1 does not manage PC 3
        roster_request_decide(request=req, approve=True, acting_user=force.users["ps1"])
    if req.assessment["ok"]:
        with django_capture_on_commit_callbacks(execute=True):
            req = roster_request_decide(
                request=req, approve=True, acting_user=force.users["inspector"]
            )
        after = shifts(req.result_roster)
        assert after.get((pc3.collar_number, iso)) == on(pc1, iso)
        assert after.get((pc1.collar_number, iso)) == on(pc3, iso)
        assert req.result_roster.violations == 0
    else:
        with pytest.raises(RosterError, match="would break a rule"):
            roster_request_decide(request=req, approve=True, acting_user=force.users["inspector"])


def test_calendar_feed_private_url_with_school_visits_and_revocable(
    force, client, django_capture_on_commit_callbacks
):
    simple_rules()
    start = next_monday()
    roster = published(force, start, django_capture_on_commit_callbacks)
    client.force_login(force.users["pc1"])
    client.post(reverse("rostering:feed_create"))
    page = client.get(reverse("rostering:me"))
    url = page.context["feed_url"]
    assert "/roster/feed/" in url
    assert client.get(reverse("rostering:me")).context["feed_url"] == ""  # shown once
    client.logout()
    path = url.split("testserver", 1)[1]
    ics = client.get(path)
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    mine = [s for s in roster.document["shifts"] if s["officer"] == force.pcs[0].collar_number]
    assert text.count("BEGIN:VEVENT") == len(mine)
    if any(s["shift"] == "D" for s in mine):
        assert "in school: Riverside Academy" in text
    assert "Hill School" not in text  # PC 2's school
    feed = CalendarFeed.objects.get(officer=force.pcs[0])
    assert feed.last_used_at is not None and len(path) > 40
    client.force_login(force.users["pc1"])
    client.post(reverse("rostering:feed_revoke"))
    client.logout()
    assert client.get(path).status_code == 404
    assert client.get("/roster/feed/not-a-token.ics").status_code == 404


def test_fairness_page_counts_each_officers_year(force, client, django_capture_on_commit_callbacks):
    simple_rules()
    start = next_monday()
    roster = published(force, start, django_capture_on_commit_callbacks)
    client.force_login(force.users["inspector"])
    page = client.get(reverse("rostering:fairness") + f"?year={start.year}")
    assert page.status_code == 200
    rows = {r.officer.collar_number: r for t in page.context["teams"] for r in t["rows"]}
    for pc in force.pcs:
        mine = [s for s in roster.document["shifts"] if s["officer"] == pc.collar_number]
        if start.year == (start + dt.timedelta(days=6)).year:
            assert rows[pc.collar_number].shifts == len(mine)
            assert rows[pc.collar_number].weekends == sum(
                1 for s in mine if dt.date.fromisoformat(s["date"]).weekday() >= 5
            )
            assert rows[pc.collar_number].lates == sum(1 for s in mine if s["shift"] == "L")
