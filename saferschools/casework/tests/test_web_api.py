"""Pages and API: strip-search refusal, edit conflicts, scope, subject access, retention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from saferschools.accounts.audit import seal_pending
from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import verified_login

from .. import services
from ..export import subject_access_html
from ..models import Concern, Incident, Referral, Search, YoungPerson
from ..retention import records_due, retention_apply
from .helpers import (
    ago,
    make_child,
    make_concern,
    make_incident,
    make_intervention,
    make_world,
    strip_search_kwargs,
)

pytestmark = pytest.mark.django_db


def _local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _api(user) -> APIClient:
    c = APIClient()
    verified_login(c, user)
    return c


def test_web_refuses_strip_search_without_appropriate_adult(client):
    w = make_world()
    child = make_child(w)
    verified_login(client, w.officer)
    data = strip_search_kwargs(appropriate_adult_name="")
    data["searched_at"] = _local(data["searched_at"])
    data["parent_told_at"] = _local(data["parent_told_at"])
    url = reverse("casework:search_create", args=[child.pk])
    r = client.post(url, data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "There is a problem" in html and "appropriate adult" in html
    assert not Search.objects.exists()
    data["appropriate_adult_name"] = "Mrs Khan"
    r = client.post(url, data)
    assert r.status_code == 302
    assert Search.objects.get().appropriate_adult_name == "Mrs Khan"


def test_api_refuses_strip_search_without_appropriate_adult():
    w = make_world()
    child = make_child(w)
    api = _api(w.officer)
    payload = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in strip_search_kwargs(appropriate_adult_name="").items()
    }
    payload["young_person"] = child.pk
    r = api.post("/api/casework/searches/", payload, format="json")
    assert r.status_code == 400
    assert "appropriate_adult_name" in r.json()
    payload["appropriate_adult_name"] = "Mrs Khan"
    r = api.post("/api/casework/searches/", payload, format="json")
    assert r.status_code == 201, r.json()
    assert r.json()["is_strip_search"] is True
    assert Referral.objects.filter(search_id=r.json()["id"], automatic=True).exists()


def test_api_two_concurrent_edits_give_one_409():
    w = make_world()
    child = make_child(w)
    c = make_concern(w, child, category="online", raised_by="child")
    a, b = _api(w.officer), _api(w.dsl)
    url = f"/api/casework/concerns/{c.pk}/"
    v = a.get(url).json()["version"]
    assert b.get(url).json()["version"] == v
    r1 = a.patch(url, {"version": v, "risk_level": 2}, format="json")
    r2 = b.patch(url, {"version": v, "risk_level": 3}, format="json")
    assert r1.status_code == 200
    assert r2.status_code == 409
    assert "changed by someone else" in r2.json()["detail"]
    assert r2.json()["current_version"] == v + 1  # a number, as the schema says
    c.refresh_from_db()
    assert c.risk_level == 2
    assert a.patch(url, {"risk_level": 1}, format="json").status_code == 400  # no version


def test_web_concurrent_edit_shows_conflict(client):
    w = make_world()
    c = make_concern(w, make_child(w), category="online", raised_by="child")
    verified_login(client, w.officer)
    data = {
        "category": "online",
        "raised_by": "child",
        "raised_at": _local(c.raised_at),
        "risk_level": 2,
        "details": "d",
        "status": "open",
        "version": c.version,
    }
    services.record_update(
        acting_user=w.dsl,
        obj=Concern.objects.get(pk=c.pk),
        version=c.version,
        changes={"risk_level": 3},
    )
    r = client.post(reverse("casework:concern_edit", args=[c.pk]), data)
    assert r.status_code == 200
    assert "changed by someone else since you opened it" in r.content.decode()
    c.refresh_from_db()
    assert c.risk_level == 3


def test_out_of_scope_is_404_and_audited(client):
    w = make_world()
    other = make_world()
    child = make_child(w)
    verified_login(client, other.officer)
    assert client.get(reverse("casework:young_person_detail", args=[child.pk])).status_code == 404
    assert AuditEntry.objects.filter(outcome="denied", record_id=str(child.pk)).exists()
    assert _api(other.dsl).get(f"/api/casework/young-people/{child.pk}/").status_code == 404


def test_viewing_a_child_is_audited_with_purpose(client):
    w = make_world()
    child = make_child(w)
    verified_login(client, w.dsl)
    assert client.get(reverse("casework:chronology", args=[child.pk])).status_code == 200
    seal_pending()  # reads wait in the pending table until the job seals them into the chain
    entry = AuditEntry.objects.filter(action="view", record_id=str(child.pk)).last()
    assert entry.user == w.dsl and "chronology" in entry.purpose


def test_coordinator_sees_no_child_but_pseudonymised_rows():
    w = make_world()
    from saferschools.accounts.choices import Role
    from saferschools.testing.builders import make_user

    child = make_child(w)
    services.search_record(acting_user=w.officer, young_person=child, **strip_search_kwargs())
    coord = _api(make_user(Role.COORDINATOR))
    assert coord.get("/api/casework/young-people/").status_code == 403
    rows = coord.get("/api/casework/pseudonymised-events/").json()["results"]
    assert rows and rows[0]["strip_search"] is True
    flat = str(rows)
    assert "Amira" not in flat and "Khan" not in flat and "2011" not in flat


def test_web_duplicate_needs_confirmation(client):
    w = make_world()
    make_child(w, "Zoe", "Smith")
    verified_login(client, w.dsl)
    data = {
        "first_name": "Zoë",
        "last_name": "Smith",
        "date_of_birth": "2011-03-14",
        "school": w.school.pk,
        "year_group": 9,
        "sex": "female",
        "ethnicity": "white_british",
        "fsm": "no",
        "sen": "none",
        "looked_after": "no",
        "lawful_basis": "safeguarding",
    }
    r = client.post(reverse("casework:young_person_create"), data)
    assert "Possible duplicate" in r.content.decode()
    assert YoungPerson.objects.count() == 1
    r = client.post(
        reverse("casework:young_person_create"), {**data, "confirm_not_duplicate": "on"}
    )
    assert r.status_code == 302 and YoungPerson.objects.count() == 2


def test_subject_access_export_has_everything_of_one_child_only(client):
    w = make_world()
    child = make_child(w, "Amira", "Khan")
    sibling = make_child(w, "Bilal", "Khan", date_of_birth=dt.date(2009, 5, 1))
    services.young_person_link(
        acting_user=w.officer, young_person=child, other=sibling, kind="sibling"
    )
    c = make_concern(
        w,
        child,
        category="cce",
        raised_at=ago(days=3),
        risk_level=2,
        details="CONCERN-A",
        childs_words="WORDS-A",
        peers=[sibling],
    )
    services.search_record(
        acting_user=w.officer, young_person=child, **strip_search_kwargs(grounds="GROUNDS-A")
    )
    make_incident(w, child, occurred_at=ago(days=4), description="INCIDENT-A")
    make_intervention(w, child, start_date=dt.date.today(), outcome="INTERVENTION-A")
    make_concern(w, child, raised_at=ago(days=2), details="DELETED-A")
    services.record_delete(
        acting_user=w.officer,
        obj=Concern.objects.get(
            details__isnull=False, pk=Concern.objects.order_by("-pk").first().pk
        ),
        version=1,
    )
    make_concern(
        w,
        sibling,
        category="drugs",
        raised_at=ago(days=3),
        details="CONCERN-B",
        childs_words="WORDS-B",
    )
    html = subject_access_html(young_person=child, acting_user=w.inspector)
    for marker in [
        "Amira",
        "CONCERN-A",
        "WORDS-A",
        "GROUNDS-A",
        "INCIDENT-A",
        "INTERVENTION-A",
        "DELETED-A",
        "Automatic safeguarding referral",
        f"concern-{c.pk}",
    ]:
        assert marker in html, marker
    for marker in ["Bilal", "CONCERN-B", "WORDS-B", "2009"]:
        assert marker not in html, marker
    assert AuditEntry.objects.filter(action="export", record_id=str(child.pk)).exists()
    # The page: sergeant and inspector only.
    verified_login(client, w.officer)
    url = reverse("casework:young_person_export", args=[child.pk])
    assert client.get(url).status_code == 403
    verified_login(client, w.sergeant)
    r = client.get(url)
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]


def test_retention_removes_exactly_records_past_their_date():
    w = make_world()
    old = make_child(w, "Old", "Record")
    keep = make_child(w, "Kept", "Record", date_of_birth=dt.date(2012, 1, 1))
    old_concern = make_concern(w, old, raised_at=ago(days=10))
    old_search = services.search_record(
        acting_user=w.officer, young_person=old, **strip_search_kwargs()
    )
    keep_concern = make_concern(w, keep, raised_at=ago(days=10))
    past = dt.date.today() - dt.timedelta(days=1)
    # The old child's records reached their review date (as if years had passed).
    for model in (Concern, Search, Referral):
        model.all_objects.filter(young_person=old).update(review_date=past)
    YoungPerson.all_objects.filter(pk=old.pk).update(review_date=past)
    due = {(d.record_type, d.record_id) for d in records_due()}
    old_referral = Referral.all_objects.get(young_person=old)
    assert due == {
        ("casework.Concern", old_concern.pk),
        ("casework.Search", old_search.pk),
        ("casework.Referral", old_referral.pk),
        ("casework.YoungPerson", old.pk),
    }
    call_command("review-due", "--apply")
    assert not Concern.all_objects.filter(pk=old_concern.pk).exists()
    assert not Referral.all_objects.filter(pk=old_referral.pk).exists()
    s = Search.all_objects.get(pk=old_search.pk)  # anonymised: figures kept, identity gone
    assert s.young_person is None and s.grounds == "" and s.childs_words == ""
    assert s.child_ethnicity == "asian_pakistani" and s.anonymised_at
    assert not YoungPerson.all_objects.filter(pk=old.pk).exists()
    assert Concern.objects.filter(pk=keep_concern.pk).exists()
    assert YoungPerson.objects.filter(pk=keep.pk).exists()
    assert AuditEntry.objects.filter(action="delete", purpose__startswith="Retention").count() == 3
    assert records_due() == []
    assert retention_apply().deleted == []


def test_review_dates_follow_the_rules():
    w = make_world()
    child = make_child(w, date_of_birth=dt.date(2011, 3, 14))
    c = make_concern(w, child)
    c.refresh_from_db()
    child.refresh_from_db()
    # The later of 6 years from now and the 25th birthday (2036-03-14).
    assert c.review_date == dt.date(2036, 3, 14)
    assert child.review_date >= c.review_date


def test_incident_flag_visible_in_list_filter(client):
    w = make_world()
    child = make_child(w)
    make_incident(w, child, occurred_at=ago(hours=3), category="weapons", outcome="charge")
    verified_login(client, w.sergeant)
    r = client.get(reverse("casework:incident_list") + "?for_review=true")
    assert r.status_code == 200 and "Weapons incident" in r.content.decode()
    assert Incident.objects.get().sergeant_review_required
