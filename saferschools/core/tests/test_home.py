"""Each role's home page: the items the issue lists, with counts for that user's scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from saferschools.core.home import home_for
from saferschools.core.tests.homeworld import busy_world as _busy_world
from saferschools.testing.builders import make_officer, verified_login

pytestmark = pytest.mark.django_db


def test_officer_home_lists_their_day():
    w, child, second, other = _busy_world()
    h = home_for(w.officer).items
    assert [r.school.name for r in h["schools"]] == sorted([w.school.name, second.name])
    assert [r.covering for r in h["schools"] if r.school == second] == [True]
    mine = next(r for r in h["schools"] if r.school == w.school)
    assert (mine.open_requests, mine.open_concerns) == (1, 2)
    assert [(r.subject, r.overdue) for r in h["replies"]] == [("Assembly on knife crime", False)]
    assert 23 <= h["replies"][0].hours_left <= 24  # urgent: 24 hours
    assert len(h["overdue_referrals"]) == 1
    assert (len(h["awaiting_voice"]), len(h["awaiting_closure"])) == (1, 1)
    assert len(h["sessions"]) == 1


def test_sergeant_home_counts_their_own_team_unsuppressed():
    w, child, second, other = _busy_world()
    h = home_for(w.sergeant).items
    assert [(a.school.name, a.reason, a.cover) for a in h["without_named"]] == [
        (second.name, "Sickness", w.officer.officer.short_name)
    ]
    load = {row["officer"].last_name: row for row in h["workload"]}
    assert load["Sickley"]["away"] == "Sickness" and load["Sickley"]["schools"] == 1
    assert load[w.officer.officer.last_name]["covering"] == 1
    # One request in the team: a real 1, not a suppressed "[c]".
    assert len(h["replies"]) == 1 and h["reviews_waiting"] == 0
    assert other.name not in {a.school.name for a in h["without_named"]}


def test_school_staff_home_names_who_covers_today():
    w, child, second, other = _busy_world()
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_user

    cover = w.officer.officer
    cover.work_email, cover.work_phone = "pc.cover@police.example", "01632 960001"
    cover.save()
    head = make_user(Role.HEADTEACHER, school=second)
    h = home_for(head).items
    assert (h["contact_email"], h["contact_phone"]) == ("pc.cover@police.example", "01632 960001")
    assert h["contact"].last_name == w.officer.officer.last_name  # the cover officer
    assert h["away_reason"] == "Sickness"
    own = home_for(w.dsl).items
    assert own["contact"] == w.officer.officer and own["open_requests"] == 1
    assert len(own["sessions"]) == 1


def test_home_pages_render_for_every_role(client):
    w, child, second, other = _busy_world()
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_user
    from saferschools.workforce.choices import Rank

    coordinator = make_user(Role.COORDINATOR, officer=make_officer(rank=Rank.STAFF))
    expected = {
        w.officer: ["Replies due (1)", "Referrals overdue (1)", "awaiting the child", "Covering"],
        w.sergeant: ["Schools without their named officer today (1)", "Workload by officer"],
        w.inspector: ["Schools with a named officer", "3 of 3", "Plans awaiting adoption"],
        coordinator: ["report", "Indicators for"],
        w.dsl: ["Your schools officer today", "Your requests (1 open)", "Sessions booked (1)"],
    }
    for user, texts in expected.items():
        verified_login(client, user)
        html = client.get(reverse("core:home")).content.decode().replace("&#x27;", "'")
        for text in texts:
            assert text in html, (user.role, text)


def test_inspector_home_shows_operation_encompass_counts(client):
    """The inspector sees this month's Encompass figures and what waits, counted force-wide."""
    import datetime as dt

    from django.utils import timezone

    from saferschools.encompass.tests.helpers import child_not_present, record

    w, child, second, other = _busy_world()
    when = timezone.now() - dt.timedelta(hours=1)
    for school in (w.school, second):
        record(w.officer, [child_not_present(school, "Home")], at=when, ref=f"HOME-{school.pk}")
    e = home_for(w.inspector).items["encompass"]
    assert e["month"].total == (2 if when.month == timezone.localtime().month else 0)
    assert e["waiting"] == 2
    verified_login(client, w.inspector)
    html = client.get(reverse("core:home")).content.decode()
    assert "Operation Encompass" in html and "Waiting to be acknowledged" in html
