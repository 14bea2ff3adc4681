"""The audit log: hash chain, append-only triggers, verify-audit, denied attempts, the
bulk-access alert, the inspector's page."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from saferschools.accounts.audit import (
    BULK_ACCESS_LIMIT,
    CHILD_RECORD_TYPES,
    audit_record,
    verify,
)
from saferschools.accounts.choices import Role
from saferschools.accounts.db import drop_triggers, triggers_present
from saferschools.accounts.models import AuditEntry, PendingAuditEntry
from saferschools.core.models import Notification
from saferschools.testing.builders import make_school, make_user, officer_user


def write(n, user=None):
    return [
        audit_record(user=user, username="seed", action="change", record_type="t.T", record_id=i)
        for i in range(n)
    ]


def run_verify(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify-audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_chain_links_every_entry(db):
    entries = write(5)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.entry_hash
    code, out, _ = run_verify()
    assert code == 0 and "intact: 5 entries" in out and entries[-1].entry_hash in out


def test_entry_records_who_role_where_and_purpose(client, db):
    school = make_school()
    user = officer_user(school)
    client.force_login(user)
    client.get(
        reverse("estate:school_detail", args=[school.pk]) + "?purpose=x", REMOTE_ADDR="10.1.2.3"
    )
    request_entry = audit_record(
        user=user, action="export", obj=school, purpose="subject access request"
    )
    assert request_entry.username == user.username and request_entry.role == Role.SCHOOLS_OFFICER
    assert request_entry.record_type == "estate.Establishment"
    assert request_entry.record_id == str(school.pk)
    assert request_entry.purpose == "subject access request"
    sign_in = AuditEntry.objects.get(action="sign_in")
    assert sign_in.user_id == user.pk


def test_triggers_refuse_update_and_delete(db):
    write(2)
    assert triggers_present(connection)
    for sql in (
        "UPDATE accounts_auditentry SET purpose = 'x' WHERE seq = 1",
        "DELETE FROM accounts_auditentry WHERE seq = 1",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(seq=2).delete()
    assert AuditEntry.objects.count() == 2


def test_editing_a_row_is_detected_by_verify_audit(db):
    write(4)
    drop_triggers(connection)  # what someone with the database owner's rights could do
    with connection.cursor() as cur:
        cur.execute("UPDATE accounts_auditentry SET purpose = 'nothing to see' WHERE seq = 2")
    code, out, err = run_verify()
    assert code == 1
    assert "AUDIT CHAIN BROKEN at entry #2" in err and "changed after it was written" in err
    code, out, _ = run_verify("--json")
    result = json.loads(out)
    assert code == 1 and result["ok"] is False and result["first_broken_seq"] == 2
    assert result["triggers_present"] is False


def test_deleting_a_row_is_detected_by_verify_audit(db):
    write(4)
    drop_triggers(connection)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditentry WHERE seq = 3")
    code, _, err = run_verify()
    assert code == 1 and "entry #3 is missing" in err


def test_recomputing_the_hash_of_an_edited_row_still_breaks_the_next(db):
    from saferschools.accounts.audit import digest_of

    entries = write(3)
    drop_triggers(connection)
    forged = AuditEntry.objects.get(seq=2)
    forged.purpose = "forged"
    new_hash = digest_of(forged)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE accounts_auditentry SET purpose = %s, entry_hash = %s WHERE seq = 2",
            ["forged", new_hash],
        )
    report = verify()
    assert not report.ok and report.broken_seq == 3 and entries[2].seq == 3


def test_cutting_the_tail_is_detected_with_an_anchor(db):
    entries = write(5)
    anchor = f"{entries[-1].seq}:{entries[-1].entry_hash}"
    assert run_verify("--anchor", anchor)[0] == 0
    drop_triggers(connection)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM accounts_auditentry WHERE seq >= 4")
    assert run_verify()[0] == 0  # the chain alone cannot see a cut tail...
    code, _, err = run_verify("--anchor", anchor)
    assert code == 1 and "anchor entry #5 is gone" in err  # ...the anchor can


def test_flush_may_empty_the_log_and_triggers_come_back(db):
    write(2)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    assert triggers_present(connection)


def test_an_entry_rolls_back_with_the_change_it_records(db):
    user = make_user(Role.INSPECTOR)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(user=user, action="change", record_type="t.T", record_id=1)
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.filter(action="change").exists()
    assert verify().ok


def test_guessing_another_schools_id_on_the_web_is_denied_and_audited(client, db):
    mine, other = make_school(), make_school()
    head = make_user(Role.HEADTEACHER, school=mine)
    client.force_login(head)
    assert client.get(reverse("estate:school_detail", args=[other.pk])).status_code == 404
    entry = AuditEntry.objects.get(outcome="denied")
    assert (entry.username, entry.record_type, entry.record_id) == (
        head.username,
        "estate.Establishment",
        str(other.pk),
    )


def test_guessing_another_schools_id_on_the_api_is_denied_and_audited(db):
    mine, other = make_school(), make_school()
    user = officer_user(mine)
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/schools/{mine.pk}/").status_code == 200
    assert api.get(f"/api/schools/{other.pk}/").status_code == 404
    entry = AuditEntry.objects.get(outcome="denied")
    assert (entry.username, entry.record_type, entry.record_id) == (
        user.username,
        "estate.Establishment",
        str(other.pk),
    )


def test_a_role_denied_a_page_is_audited(client, db):
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(reverse("audit:list")).status_code == 403
    entry = AuditEntry.objects.get(outcome="denied")
    assert entry.record_type == "url:audit:list" and entry.role == Role.COORDINATOR


def test_opening_more_than_50_childrens_records_alerts_the_inspector_once(
    db, django_capture_on_commit_callbacks
):
    assert "casework.YoungPerson" in CHILD_RECORD_TYPES and "casework.Search" in CHILD_RECORD_TYPES
    inspector = make_user(Role.INSPECTOR)
    snoop = officer_user()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(BULK_ACCESS_LIMIT):
            audit_record(user=snoop, action="view", record_type="casework.YoungPerson", record_id=i)
        # The same child again does not count twice.
        audit_record(user=snoop, action="view", record_type="casework.YoungPerson", record_id=0)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(BULK_ACCESS_LIMIT, BULK_ACCESS_LIMIT + 20):
            audit_record(user=snoop, action="view", record_type="casework.Search", record_id=i)
    alerts = Notification.objects.filter(recipient=inspector, kind="alert")
    assert alerts.count() == 1
    assert snoop.username in alerts.get().subject and "51" in alerts.get().subject
    assert AuditEntry.objects.filter(action="alert", record_id=str(snoop.pk)).count() == 1
    assert verify().ok


def test_views_spread_over_more_than_5_minutes_raise_no_alert(
    db, django_capture_on_commit_callbacks
):
    make_user(Role.INSPECTOR)
    user = officer_user()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(BULK_ACCESS_LIMIT + 5):
            audit_record(user=user, action="view", record_type="casework.YoungPerson", record_id=i)
            if i == 30:
                # pretend the first 31 were 6 minutes ago (no trigger needed on a copy)
                drop_triggers(connection)
                for model in (AuditEntry, PendingAuditEntry):
                    model.objects.filter(user_id=user.pk).update(
                        at=timezone.now() - dt.timedelta(minutes=6)
                    )
    assert not Notification.objects.filter(kind="alert").exists()


def test_audit_page_filters_and_pages(client, db):
    inspector = make_user(Role.INSPECTOR)
    alice = make_user(Role.SCHOOLS_OFFICER, username="alice")
    for i in range(60):
        audit_record(user=alice, action="view", record_type="casework.YoungPerson", record_id=i)
    audit_record(
        user=alice, action="view", record_type="estate.Establishment", record_id=7, outcome="denied"
    )
    client.force_login(inspector)
    page = client.get(reverse("audit:list"), {"user": "alice"}).content.decode()
    assert "61 entries" in page and 'rel="next"' in page
    page = client.get(
        reverse("audit:list"), {"user": "alice", "outcome": "denied"}
    ).content.decode()
    assert "1 entry" in page and "estate.Establishment 7" in page
    page = client.get(
        reverse("audit:list"), {"record_type": "casework.YoungPerson", "record_id": "5"}
    ).content.decode()
    assert "1 entry" in page
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    page = client.get(
        reverse("audit:list"), {"user": "alice", "date_from": tomorrow}
    ).content.decode()
    assert "0 entries" in page
    page = client.get(
        reverse("audit:list"), {"user": "alice", "date_from": today, "date_to": today}
    ).content.decode()
    assert "61 entries" in page
    page = client.get(reverse("audit:list"), {"verify": "1"}).content.decode()
    assert "Intact" in page
    # Searching the log is itself on the log; so is an export.
    assert AuditEntry.objects.filter(username=inspector.username, action="search").exists()
    csv_text = client.get(reverse("audit:export"), {"user": "alice"}).content.decode()
    assert csv_text.count("\n") == 62
    assert AuditEntry.objects.filter(username=inspector.username, action="export").exists()
