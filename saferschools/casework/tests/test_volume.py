"""Lists that cost what the user's scope costs (issue 17): paging returns every record exactly
once (web lists, API lists, the chronology), and on PostgreSQL the main scoped queries start
from the school or the young person (EXPLAIN), never by reading the whole table."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from saferschools.testing.builders import make_school, verified_login

from .. import filters, selectors
from ..models import Concern, Incident, Referral, YoungPerson
from .helpers import ASSAULT, BULLYING, make_child, make_world

pytestmark = pytest.mark.django_db

SAME_TIME = timezone.make_aware(dt.datetime(2025, 3, 3, 10, 0))


def _concern(yp: Any, raised_at: dt.datetime, details: str, **fields: Any) -> Concern:
    """An unsaved concern about ``yp`` (bulk_create skips save(), which fills its school)."""
    return Concern(young_person=yp, raised_at=raised_at, details=details, **BULLYING, **fields)


def _concerns(yp: Any, n: int, when: dt.datetime = SAME_TIME) -> None:
    """n concerns raised at the same instant: page boundaries fall inside ties."""
    Concern.objects.bulk_create(
        _concern(yp, when, f"Concern {k}.", school_id=yp.school_id) for k in range(n)
    )


def _ids_from_pages(client: Any, url: str, pattern: str) -> list[int]:
    ids: list[int] = []
    page = 1
    while True:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        ids += [int(x) for x in re.findall(pattern, response.content.decode())]
        if not response.context["page_obj"].has_next():
            return ids
        page += 1


def test_paging_returns_every_record_exactly_once(client):
    w = make_world()
    mine = [make_child(w, first=f"Child{k}", last="Same") for k in range(3)]
    other_school = make_school()
    _concerns(mine[0], 40)
    _concerns(mine[1], 33, SAME_TIME - dt.timedelta(days=1))
    theirs = YoungPerson.objects.create(
        school=other_school,
        first_name="Not",
        last_name="Mine",
        date_of_birth=dt.date(2011, 1, 1),
        year_group=9,
        sex="male",
        lawful_basis="law_enforcement",
    )
    _concerns(theirs, 10)
    expected = set(selectors.concerns(user=w.officer).values_list("pk", flat=True))
    assert len(expected) == 73

    # Web list: page-number paging, 25 a page, ties broken by record number.
    verified_login(client, w.officer)
    url = reverse("casework:concern_list")
    seen = _ids_from_pages(client, url, r"/casework/concerns/(\d+)/")
    assert len(seen) == len(set(seen)) == 73 and set(seen) == expected

    # API list: follow `next` to the end.
    api = APIClient()
    verified_login(api, w.officer)
    api_seen: list[int] = []
    next_url: str | None = "/api/casework/concerns/"
    while next_url:
        data = api.get(next_url).json()
        api_seen += [r["id"] for r in data["results"]]
        next_url = data["next"]
    assert len(api_seen) == len(set(api_seen)) == 73 and set(api_seen) == expected

    # The chronology: 50 entries a page, oldest first, every record once across pages.
    for k in range(3):
        Referral.objects.create(
            young_person=mine[0],
            service="early_help",
            reason="r",
            made_on=dt.date(2025, 3, 3),
            due_date=dt.date(2025, 3, 17),
            consent="parent",
        )
    pages = []
    number = 1
    while True:
        page = selectors.chronology_page(mine[0], number)
        pages.append(page)
        if not page.page_obj.has_next():
            break
        number += 1
    entries = [e for p in pages for e in p.entries]
    assert len(pages) == 1 + (40 + 3 - 1) // 50 and len(entries) == 43
    assert len({e.link for e in entries}) == 43
    assert [e.when for e in entries] == sorted(e.when for e in entries)
    assert entries == selectors.chronology(mine[0])
    data = api.get(f"/api/casework/young-people/{mine[0].pk}/chronology/", {"page": 1}).json()
    assert (data["count"], data["pages"], len(data["entries"]), data["next"]) == (43, 1, 43, None)
    # The web chronology shows a page, with the pagination links past 50 entries.
    _concerns(mine[0], 20)
    response = client.get(reverse("casework:chronology", args=[mine[0].pk]), {"page": 2})
    assert response.context["chronology"].page_obj.number == 2
    assert len(response.context["entries"]) == 63 - 50


def test_a_childs_concerns_follow_the_child_to_a_new_school():
    """Concern.school is the child's school: set when the concern is recorded, moved when the
    child moves, so the new school's officer sees the concerns and the old school's does not."""
    from ..services import record_update

    w = make_world()
    yp = make_child(w)
    _concerns(yp, 2)
    raised = _concern(yp, SAME_TIME, "Recorded through save().")
    raised.save()
    assert raised.school_id == w.school.pk
    new_school = make_school()
    yp.refresh_from_db()
    record_update(
        acting_user=w.inspector, obj=yp, version=yp.version, changes={"school": new_school}
    )
    assert set(Concern.all_objects.filter(young_person=yp).values_list("school_id", flat=True)) == {
        new_school.pk
    }
    assert not selectors.concerns(user=w.officer).filter(young_person=yp).exists()
    assert selectors.concerns(user=w.inspector).filter(young_person=yp).count() == 3


# ----------------------------------------------------------------------------- EXPLAIN


def _volume(n_schools: int = 30, children: int = 40, concerns: int = 6) -> Any:
    """A force's worth in miniature: the officer's school is one of `n_schools`."""
    w = make_world()
    schools = [w.school] + [make_school() for _ in range(n_schools - 1)]
    people = YoungPerson.objects.bulk_create(
        YoungPerson(
            school=s,
            first_name=f"C{k}",
            last_name=f"S{k}",
            name_key=f"c{k} s{k}",
            date_of_birth=dt.date(2011, 1, 1),
            year_group=9,
            sex="male",
            lawful_basis="law_enforcement",
        )
        for s in schools
        for k in range(children)
    )
    Concern.objects.bulk_create(
        _concern(yp, SAME_TIME - dt.timedelta(days=k * 7 + yp.pk % 5), "x", school_id=yp.school_id)
        for yp in people
        for k in range(concerns)
    )
    Incident.objects.bulk_create(
        Incident(
            young_person=yp,
            school_id=yp.school_id,
            occurred_at=SAME_TIME,
            description="x",
            **ASSAULT,
        )
        for yp in people
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return w


#: Concerns reached through the index that leads with the school (the scoped lists' own).
FROM_SCHOOL = re.compile(
    r"(Index (Only )?Scan using|Bitmap Index Scan on) casework_concern_school_list"
)
#: Concerns reached through an index that leads with the young person.
FROM_CHILD = re.compile(r"Index (Only )?Scan using casework_concern_(yp_raised|young_person_id)")


def _plan(qs: Any) -> str:
    return qs.explain()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_scoped_queries_start_from_the_school_on_postgresql():
    w = _volume()
    officer = w.officer
    # A page of concerns (its ids, as ScopedPaginator reads them) and the list's count come
    # from the school's index alone; a filtered list too.
    concerns = filters.ConcernFilterSet(
        {}, queryset=selectors.concerns(user=officer).order_by("-raised_at", "-pk")
    ).qs
    filtered = filters.ConcernFilterSet(
        {"category": "bullying", "risk_level": "1"},
        queryset=selectors.concerns(user=officer).order_by("-raised_at", "-pk"),
    ).qs
    for qs in (concerns, filtered):
        plan = _plan(qs.values_list("pk", flat=True)[:25])
        assert "Seq Scan on casework_concern" not in plan, plan
        assert FROM_SCHOOL.search(plan), plan
    with connection.cursor() as cur:
        sql, params = concerns.order_by().values("pk").query.sql_with_params()
        cur.execute(f"EXPLAIN SELECT COUNT(*) FROM ({sql}) AS page", params)
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "Seq Scan on casework_concern" not in plan and FROM_SCHOOL.search(plan), plan

    people = selectors.young_people(user=officer).order_by("last_name", "first_name", "pk")[:25]
    plan = _plan(people)
    assert "Seq Scan on casework_youngperson" not in plan, plan
    assert "casework_yp_school_name" in plan or "casework_youngperson_school_id" in plan, plan

    incidents = selectors.incidents(user=officer).order_by("-occurred_at", "-pk")[:25]
    plan = _plan(incidents)
    assert "Seq Scan on casework_incident" not in plan, plan
    assert re.search(r"Index (Only )?Scan using casework_incident_school_(at|id)", plan), plan

    api = selectors.concerns(user=officer).order_by("-pk")[:50]
    assert "Seq Scan on casework_concern" not in _plan(api)

    child = YoungPerson.objects.filter(school=w.school).first()
    plan = _plan(child.concerns.order_by().values_list("pk", "raised_at"))
    assert "Seq Scan" not in plan and FROM_CHILD.search(plan), plan
