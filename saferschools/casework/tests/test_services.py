"""Casework rules, through the services (the database constraints are tested beside them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from saferschools.accounts.choices import Role
from saferschools.accounts.models import AuditEntry
from saferschools.core.models import Notification
from saferschools.core.records import EditConflict
from saferschools.testing.builders import make_user

from .. import selectors, services
from ..models import Concern, Referral, Search
from .helpers import (
    SEARCH,
    ago,
    make_child,
    make_concern,
    make_incident,
    make_world,
    strip_search_kwargs,
)

pytestmark = pytest.mark.django_db(transaction=False)


def test_duplicate_detected_before_creation(django_capture_on_commit_callbacks):
    w = make_world()
    make_child(w, "Zoë", "O'Brien")
    with pytest.raises(services.PossibleDuplicate):
        make_child(w, "zoe", "obrien", confirm_not_duplicate=False)
    with pytest.raises(services.PossibleDuplicate):  # close name, same date of birth
        make_child(w, "Zoey", "O'Brien", confirm_not_duplicate=False)
    make_child(w, "Zoey", "O'Brien", confirm_not_duplicate=True)
    make_child(w, "Zoe", "Obrien", date_of_birth=dt.date(2012, 1, 1), confirm_not_duplicate=False)


def test_new_concern_tells_dsl_and_named_officer(django_capture_on_commit_callbacks):
    w = make_world()
    child = make_child(w)
    with django_capture_on_commit_callbacks(execute=True):
        make_concern(
            w,
            child,
            acting_user=w.dsl,
            category="cce",
            raised_at=ago(hours=1),
            risk_level=2,
            details="Seen with older youths and new trainers.",
            notify_people=True,
        )
    got = set(
        Notification.objects.filter(topic="casework.concern_new").values_list(
            "recipient", flat=True
        )
    )
    assert got == {w.dsl.pk, w.officer.pk}
    assert "Seen with" not in Notification.objects.first().subject


def test_concern_cannot_close_without_child_voice():
    w = make_world()
    c = make_concern(
        w, make_child(w), category="bullying", raised_by="parent", details="Name-calling."
    )
    with pytest.raises(ValidationError):
        services.concern_close(acting_user=w.officer, concern=c, version=c.version)
    # The database refuses it too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=c.pk).update(status="closed", closed_at=ago(minutes=1))
    c.refresh_from_db()
    services.concern_close(
        acting_user=w.officer, concern=c, version=c.version, childs_words="It has stopped now."
    )
    c.refresh_from_db()
    assert c.status == "closed" and c.closed_by == w.officer


def test_repeated_concerns_and_rising_risk_alert(django_capture_on_commit_callbacks):
    w = make_world()
    child = make_child(w)
    with django_capture_on_commit_callbacks(execute=True):
        for days, risk in [(30, 1), (20, 1), (1, 3)]:
            make_concern(
                w,
                child,
                category="cce",
                raised_by="officer",
                raised_at=ago(days=days),
                risk_level=risk,
                details="x",
                notify_people=True,
            )
    topics = set(Notification.objects.values_list("topic", flat=True))
    assert {"casework.repeated_concerns", "casework.rising_risk"} <= topics
    assert Notification.objects.filter(topic="casework.rising_risk", recipient=w.sergeant).exists()


def test_strip_search_refused_without_appropriate_adult():
    w = make_world()
    child = make_child(w)
    with pytest.raises(ValidationError) as exc:
        services.search_record(
            acting_user=w.officer,
            young_person=child,
            **strip_search_kwargs(appropriate_adult_name=""),
        )
    assert "appropriate_adult_name" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.search_record(
            acting_user=w.officer,
            young_person=child,
            **strip_search_kwargs(authorising_officer_rank=""),
        )
    assert not Search.objects.exists()
    ok = services.search_record(acting_user=w.officer, young_person=child, **strip_search_kwargs())
    with pytest.raises(IntegrityError), transaction.atomic():
        Search.objects.filter(pk=ok.pk).update(appropriate_adult_name="")


def test_strip_search_opens_referral_and_tells_dsl(django_capture_on_commit_callbacks):
    w = make_world()
    child = make_child(w)
    with django_capture_on_commit_callbacks(execute=True):
        search = services.search_record(
            acting_user=w.officer, young_person=child, **strip_search_kwargs()
        )
    referral = Referral.objects.get(search=search)
    assert referral.automatic and referral.service == "csc"
    assert referral.consent_override_by == w.officer
    assert Notification.objects.filter(recipient=w.dsl, topic="casework.search").exists()
    assert search.child_ethnicity == "asian_pakistani" and search.child_fsm == "yes"
    assert not search.parent_notice_flag


def test_a_search_changed_to_a_strip_search_refers_and_alerts_as_one_recorded_so(
    django_capture_on_commit_callbacks,
):
    """One strip-search rule whichever way the search became one: the automatic referral
    (once) and the alert to the named officer and sergeant."""
    w = make_world()
    child = make_child(w)
    with django_capture_on_commit_callbacks(execute=True):
        search = services.search_record(
            acting_user=w.officer, young_person=child, **strip_search_kwargs(extent="outer")
        )
    assert not Referral.objects.filter(search=search).exists()
    assert not Notification.objects.filter(topic="casework.strip_search").exists()

    def change_extent(extent: str) -> None:
        services.record_update(
            acting_user=w.officer, obj=search, version=search.version, changes={"extent": extent}
        )

    with django_capture_on_commit_callbacks(execute=True):
        change_extent("more_than_outer")
    referral = Referral.objects.get(search=search)
    assert referral.automatic and referral.service == "csc"
    alerted = set(
        Notification.objects.filter(topic="casework.strip_search").values_list(
            "recipient", flat=True
        )
    )
    assert alerted == {w.officer.pk, w.sergeant.pk}
    alerts = Notification.objects.filter(topic="casework.strip_search").count()
    # Changed back and to a strip search again: no second referral, no second alert.
    with django_capture_on_commit_callbacks(execute=True):
        change_extent("outer")
        change_extent("more_than_outer")
    assert Referral.objects.filter(search=search, automatic=True).count() == 1
    assert Notification.objects.filter(topic="casework.strip_search").count() == alerts


def test_parent_told_late_or_not_at_all_is_flagged():
    w = make_world()
    child = make_child(w)
    base = {**SEARCH, "extent": "outer"}  # any search that is not a strip search
    late = services.search_record(
        acting_user=w.officer,
        young_person=child,
        searched_at=ago(hours=50),
        parent_told_at=ago(hours=10),
        **base,
    )
    untold = services.search_record(
        acting_user=w.officer, young_person=child, searched_at=ago(hours=5), **base
    )
    reason = services.search_record(
        acting_user=w.officer,
        young_person=child,
        searched_at=ago(hours=5),
        parent_not_told_reason="Child at risk from a parent.",
        **base,
    )
    assert late.parent_notice_flag and untold.parent_notice_flag
    assert not reason.parent_notice_flag


def test_arrest_on_premises_flagged_for_sergeant(django_capture_on_commit_callbacks):
    w = make_world()
    child = make_child(w)
    with django_capture_on_commit_callbacks(execute=True):
        i = make_incident(
            w,
            child,
            category="weapons",
            description="Knife in bag.",
            on_school_premises=True,
            outcome="arrest",
        )
    assert i.sergeant_review_required
    assert Notification.objects.filter(
        recipient=w.sergeant, topic="casework.incident_review"
    ).exists()
    services.incident_review(acting_user=w.sergeant, incident=i, version=i.version)
    i.refresh_from_db()
    assert i.reviewed_by == w.sergeant


def test_referral_needs_consent_or_override():
    w = make_world()
    child = make_child(w)
    kw = {
        "acting_user": w.officer,
        "young_person": child,
        "service": "prevent",
        "reason": "r",
        "made_on": dt.date.today(),
        "due_date": dt.date.today(),
    }
    with pytest.raises(ValidationError):
        services.referral_create(consent="refused", **kw)
    r = services.referral_create(consent="refused", consent_override_reason="Risk of harm.", **kw)
    assert r.consent_override_by == w.officer
    assert services.referral_create(consent="parent", **kw).consent_override_by is None


def test_overdue_referral_alerts_once(django_capture_on_commit_callbacks):
    w = make_world()
    child = make_child(w)
    services.referral_create(
        acting_user=w.officer,
        young_person=child,
        service="camhs",
        reason="r",
        made_on=dt.date.today() - dt.timedelta(days=20),
        due_date=dt.date.today() - dt.timedelta(days=5),
        consent="child",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert len(services.referrals_alert_overdue()) == 1
        assert services.referrals_alert_overdue() == []
    got = set(
        Notification.objects.filter(topic="casework.referral_overdue").values_list(
            "recipient", flat=True
        )
    )
    assert got == {w.officer.pk, w.sergeant.pk}
    (entry,) = AuditEntry.objects.filter(
        record_type="casework.Referral", purpose__startswith="Alerting"
    )
    assert entry.action == "change" and entry.username == "system"
    assert entry.details["told"] == sorted([w.officer.pk, w.sergeant.pk])


def test_two_concurrent_edits_one_conflict():
    w = make_world()
    c = make_concern(w, make_child(w), category="online", raised_by="child", details="Messages.")
    first = Concern.objects.get(pk=c.pk)
    second = Concern.objects.get(pk=c.pk)
    services.record_update(
        acting_user=w.officer, obj=first, version=first.version, changes={"risk_level": 2}
    )
    with pytest.raises(EditConflict):
        services.record_update(
            acting_user=w.dsl, obj=second, version=second.version, changes={"risk_level": 3}
        )
    c.refresh_from_db()
    assert c.risk_level == 2 and c.version == 2


def test_scope_and_roles():
    w = make_world()
    other = make_world()
    child = make_child(w)
    assert selectors.young_people(user=other.officer).count() == 0
    assert selectors.young_people(user=other.dsl).count() == 0
    assert selectors.young_people(user=w.dsl).count() == 1
    assert selectors.young_people(user=w.sergeant).count() == 1
    for role in (Role.COORDINATOR, Role.SYSADMIN):
        assert selectors.young_people(user=make_user(role)).count() == 0
    with pytest.raises(PermissionDenied):
        services.search_record(acting_user=w.dsl, young_person=child, **strip_search_kwargs())
    with pytest.raises(PermissionDenied):
        make_concern(
            w, child, acting_user=other.officer, raised_by="officer", raised_at=ago(hours=1)
        )


def test_every_write_is_audited():
    w = make_world()
    child = make_child(w)
    entry = AuditEntry.objects.filter(
        record_type="casework.YoungPerson", record_id=str(child.pk), action="create"
    ).get()
    assert entry.user == w.officer and entry.purpose


def test_chronology_in_time_order_with_childs_words():
    w = make_world()
    child = make_child(w)
    make_concern(w, child, category="drugs", raised_at=ago(days=10), childs_words="Only once.")
    services.search_record(
        acting_user=w.officer,
        young_person=child,
        **strip_search_kwargs(searched_at=ago(days=5), parent_told_at=ago(days=5)),
    )
    make_incident(w, child, occurred_at=ago(days=20), childs_words="He hit me first.")
    kinds = [e.kind for e in selectors.chronology(child)]
    assert kinds == ["Incident", "Concern", "Search", "Referral"]
    words = [e.childs_words for e in selectors.chronology(child)]
    assert words[:3] == ["He hit me first.", "Only once.", "I was scared."]


def test_soft_delete_hides_but_keeps():
    w = make_world()
    c = make_concern(w, make_child(w), raised_by="officer")
    services.record_delete(acting_user=w.officer, obj=c, version=c.version)
    assert not Concern.objects.filter(pk=c.pk).exists()
    assert Concern.all_objects.filter(pk=c.pk, deleted_at__isnull=False).exists()


def test_free_text_encrypted_at_rest():
    from django.db import connection

    w = make_world()
    make_concern(w, make_child(w), raised_by="officer", details="secret words", childs_words="mine")
    with connection.cursor() as cur:
        cur.execute("SELECT details, childs_words FROM casework_concern")
        details, words = cur.fetchone()
    assert details.startswith("fernet:") and "secret" not in details
