"""The keyed audit chain, its anchors outside the database, and the PostgreSQL grants that
keep the web application's role from unlocking or rewriting the log (issue 12, item 3)."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from saferschools.accounts.anchors import anchor_write, anchors_read
from saferschools.accounts.audit import _fields_of, _payload, audit_record, seal_pending, verify
from saferschools.accounts.choices import Role
from saferschools.accounts.db import drop_triggers, role_separation_sql
from saferschools.accounts.models import AuditEntry
from saferschools.testing.builders import make_user


def write(n: int) -> list[AuditEntry]:
    return [
        audit_record(user=None, username="seed", action="change", record_type="t.T", record_id=i)
        for i in range(n)
    ]


def run_verify(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify-audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def rewrite_from(seq: int, *, purpose: str, digest) -> None:  # type: ignore[no-untyped-def]
    """What an attacker with write access does: change entry `seq`, then recompute every hash
    after it with `digest` so each entry still follows the one before."""
    drop_triggers(connection)
    prev = AuditEntry.objects.get(seq=seq - 1).entry_hash
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        if entry.seq == seq:
            entry.purpose = purpose
        entry.prev_hash = prev
        entry.entry_hash = digest(_payload(**_fields_of(entry)))
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE accounts_auditentry SET purpose = %s, prev_hash = %s, entry_hash = %s "
                "WHERE seq = %s",
                [entry.purpose, entry.prev_hash, entry.entry_hash, entry.seq],
            )
        prev = entry.entry_hash


def test_a_chain_recomputed_without_the_key_is_caught(db):
    write(5)
    assert verify().ok
    rewrite_from(2, purpose="forged", digest=lambda p: hashlib.sha256(p).hexdigest())
    report = verify()
    assert not report.ok and report.broken_seq == 2
    assert "follows a keyed entry" in report.reason

    import hmac

    rewrite_from(2, purpose="forged", digest=lambda p: hmac.new(b"guess", p, "sha256").hexdigest())
    report = verify()
    assert (
        not report.ok
        and report.broken_seq == 2
        and "changed after it was written" in (report.reason)
    )


def test_a_chain_rebuilt_with_the_key_is_caught_by_an_anchor_outside_the_database(db, tmp_path):
    anchors = tmp_path / "anchors.log"
    with override_settings(AUDIT_ANCHOR_FILE=str(anchors)):
        write(4)
        out = StringIO()
        call_command("audit-anchor", stdout=out)
        assert "Anchored entry #4" in out.getvalue()
        write(2)
        assert run_verify()[0] == 0
        import hmac

        from saferschools.accounts.audit import chain_keys

        key = chain_keys()[0]  # an insider who holds the key and the database
        rewrite_from(2, purpose="forged", digest=lambda p: hmac.new(key, p, "sha256").hexdigest())
        assert verify().ok  # the chain alone cannot tell...
        code, _, err = run_verify()
        assert code == 1 and "does not match its anchor" in err  # ...the anchor can


def test_a_cut_tail_is_caught_by_the_anchor_file(db, tmp_path):
    anchors = tmp_path / "anchors.log"
    with override_settings(AUDIT_ANCHOR_FILE=str(anchors)):
        write(5)
        anchor_write()
        drop_triggers(connection)
        with connection.cursor() as cur:
            cur.execute("DELETE FROM accounts_auditentry WHERE seq >= 4")
        code, _, err = run_verify()
    assert code == 1 and "anchor entry #5 is gone" in err


def test_a_forged_anchor_line_is_refused(db, tmp_path):
    anchors = tmp_path / "anchors.log"
    with override_settings(AUDIT_ANCHOR_FILE=str(anchors)):
        write(2)
        anchor_write()
        line = json.loads(anchors.read_text())
        line["seq"] = 1
        with anchors.open("a") as f:
            f.write(json.dumps(line) + "\n")
        code, _, err = run_verify()
    assert code == 1 and "line 2" in err and "not signed with the audit key" in err


def test_anchors_are_written_every_n_entries_on_commit(
    db, tmp_path, django_capture_on_commit_callbacks
):
    anchors = tmp_path / "anchors.log"
    with override_settings(AUDIT_ANCHOR_FILE=str(anchors), AUDIT_ANCHOR_EVERY=3):
        with django_capture_on_commit_callbacks(execute=True):
            entries = write(7)
        assert [a.seq for a in anchors_read()] == [3, 6]
        assert anchors_read()[0].entry_hash == entries[2].entry_hash
        code, out, _ = run_verify()
    assert code == 0 and "2 anchors checked" in out


def test_the_key_rotates_and_never_goes_back(db):
    old, new = "old-audit-key-" + "o" * 30, "new-audit-key-" + "n" * 30
    with override_settings(AUDIT_HMAC_KEYS=[]):
        write(2)  # before the chain had a key (earlier releases)
    with override_settings(AUDIT_HMAC_KEYS=[old]):
        write(2)
    with override_settings(AUDIT_HMAC_KEYS=[new, old]):
        write(2)
        report = verify()
        assert report.ok and report.entries == 6 and report.unkeyed == 2
    with override_settings(AUDIT_HMAC_KEYS=[old]):
        write(1)  # someone still holding only the retired key
    with override_settings(AUDIT_HMAC_KEYS=[new, old]):
        report = verify()
    assert not report.ok and report.broken_seq == 7 and "older key" in report.reason


def test_the_chain_is_written_in_one_place_and_batches_keep_it_whole(db):
    from saferschools.accounts.audit import chain_append

    user = make_user(Role.INSPECTOR)
    rows = [
        {
            "user_id": user.pk,
            "username": user.username,
            "role": user.role,
            "action": "view",
            "record_type": "t.T",
            "record_id": str(i),
            "purpose": "batch",
        }
        for i in range(3)
    ]
    with transaction.atomic():
        written = chain_append(rows)
    assert [e.seq for e in written] == [1, 2, 3]
    assert verify().ok


# ------------------------------------------------------------------ PostgreSQL role separation


@pytest.fixture
def postgres(db):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("role separation is a PostgreSQL feature (SQLite: see docs/security.md)")


def _refused(cur, statement: str, params=None) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            cur.execute(statement, params)
    except DatabaseError:
        return True
    return False


def test_the_app_role_cannot_unlock_alter_or_rewrite_the_audit_table(postgres):
    """On the real server: the statements `saferschools db-roles` runs, then the web app's role
    tries every way past the log's protection. Everything runs in the test's transaction, so
    the roles and grants roll back with it."""
    write(3)
    tables = sorted(connection.introspection.table_names())
    sql = role_separation_sql(
        owner="ss_test_owner", app="ss_test_app", tables=tables, create_roles=True
    )
    with connection.cursor() as cur:
        for statement in sql:
            cur.execute(statement)
        cur.execute("SET ROLE ss_test_app")
        try:
            # It may append and read: the web application keeps working.
            audit_record(user=None, username="app", action="view", record_type="t.T")
            # A read waits in the pending table; the worker, as the same role, seals it.
            assert seal_pending().sealed == 1
            cur.execute("SELECT count(*) FROM accounts_auditentry")
            assert cur.fetchone()[0] == 4
            audit_record(user=None, username="app", action="view", record_type="t.U")
            cur.execute("UPDATE accounts_user SET first_name = first_name")
            # It may not unlock, rewrite, remove or switch off the protection.
            cur.execute("SET saferschools.audit_unlocked = 'on'")
            assert _refused(cur, "UPDATE accounts_auditentry SET purpose = 'x' WHERE seq = 2")
            assert _refused(cur, "DELETE FROM accounts_auditentry WHERE seq = 3")
            assert _refused(cur, "TRUNCATE accounts_auditentry")
            assert _refused(cur, "UPDATE accounts_pendingauditentry SET purpose = 'x'")
            assert _refused(cur, "TRUNCATE accounts_pendingauditentry")
            assert _refused(cur, "ALTER TABLE accounts_auditentry DISABLE TRIGGER ALL")
            assert _refused(
                cur, "DROP TRIGGER accounts_auditentry_no_update ON accounts_auditentry"
            )
            assert _refused(cur, "DROP TABLE accounts_auditentry")
            assert _refused(cur, "ALTER TABLE accounts_auditentry OWNER TO ss_test_app")
            # A grant by a non-owner grants nothing (PostgreSQL only warns).
            _refused(cur, "GRANT UPDATE, DELETE ON accounts_auditentry TO ss_test_app")
            assert _refused(cur, "UPDATE accounts_auditentry SET purpose = 'x' WHERE seq = 2")
            out = StringIO()
            call_command("db-roles", "--check", stdout=out)
            assert "may only INSERT and SELECT" in out.getvalue()
        finally:
            cur.execute("RESET saferschools.audit_unlocked")
            cur.execute("RESET ROLE")
    assert verify().ok


def test_db_roles_check_flags_a_role_that_could_rewrite_the_log(postgres):
    # The test database's own role owns everything: exactly what production must not do.
    with pytest.raises(SystemExit):
        call_command("db-roles", "--check", stdout=StringIO(), stderr=StringIO())
