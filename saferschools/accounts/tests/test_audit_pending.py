"""Read entries without the chain's lock: written to the pending table, sealed into the chain
in order by the scheduled job, each checked by verify-audit before and after (decision 205)."""

from __future__ import annotations

import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from saferschools.accounts.audit import audit_record, chain_append, seal_pending, verify
from saferschools.accounts.choices import Role
from saferschools.accounts.db import drop_triggers
from saferschools.accounts.models import AuditEntry, PendingAuditEntry
from saferschools.core.jobs.services import job_run_now, job_start
from saferschools.testing.builders import make_user


def _view(user, i):  # type: ignore[no-untyped-def]
    return audit_record(
        user=user, action="view", record_type="casework.YoungPerson", record_id=i, purpose="p"
    )


def _verify_cli() -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify-audit", stdout=out, stderr=err)
        return 0, out.getvalue()
    except SystemExit as exc:
        return int(exc.code or 0), err.getvalue()


@pytest.mark.django_db
def test_reads_wait_in_the_pending_table_and_are_sealed_in_order_unchanged():
    user = make_user(Role.SCHOOLS_OFFICER)
    audit_record(user=user, action="change", record_type="t.T", record_id=1)
    chain_before = AuditEntry.objects.count()
    pending = [_view(user, i) for i in range(3)]
    denied = audit_record(
        user=user, action="view", record_type="t.T", record_id=9, outcome="denied"
    )
    # Reads went to the pending table; a denied attempt went straight into the chain.
    assert all(isinstance(p, PendingAuditEntry) for p in pending)
    assert isinstance(denied, AuditEntry)
    assert AuditEntry.objects.count() == chain_before + 1
    code, out = _verify_cli()
    assert code == 0 and "3 read entries pending" in out
    report = seal_pending()
    assert (report.sealed, report.pending, report.ok) == (3, 0, True)
    sealed = list(AuditEntry.objects.filter(action="view", outcome="allowed").order_by("seq"))
    assert [(e.record_id, e.at, e.username, e.purpose) for e in sealed] == [
        (str(p.record_id), p.at, p.username, "p") for p in pending
    ]
    assert sealed[0].seq > denied.seq  # sealed after what was in the chain before
    assert not PendingAuditEntry.objects.exists()
    assert verify().ok and verify().pending == 0


@pytest.mark.django_db
def test_the_pending_table_refuses_updates_and_deletes_except_by_the_sealer():
    user = make_user(Role.SCHOOLS_OFFICER)
    _view(user, 1)
    for statement in (
        "UPDATE accounts_pendingauditentry SET purpose = 'x'",
        "DELETE FROM accounts_pendingauditentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(statement)
    assert PendingAuditEntry.objects.count() == 1
    assert seal_pending().sealed == 1


@pytest.mark.django_db
def test_a_changed_pending_entry_is_detected_and_never_sealed():
    user = make_user(Role.SCHOOLS_OFFICER)
    first, second, third = (_view(user, i) for i in range(3))
    drop_triggers(connection)  # what someone with the table owner's rights could do
    PendingAuditEntry.objects.filter(pk=second.pk).update(record_id="999")
    report = verify()
    assert not report.ok and f"pending read entry id {second.pk}" in report.reason
    code, err = _verify_cli()
    assert code == 1 and f"id {second.pk}" in err
    sealed = seal_pending()
    # Sealing stops before the changed entry: it is not laundered into the chain.
    assert (sealed.sealed, sealed.tampered.pk if sealed.tampered else None) == (1, second.pk)
    assert list(AuditEntry.objects.filter(action="view").values_list("record_id", flat=True)) == [
        "0"
    ]
    assert set(PendingAuditEntry.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    # The job says so, as a failure a person can act on.
    job = job_start(kind="accounts.audit_seal", params={}, acting_user=None)
    job = job_run_now(job=job)
    job.refresh_from_db()
    assert job.state == "failed" and f"id {second.pk} was changed" in job.error


@pytest.mark.django_db
def test_a_changed_sealed_entry_breaks_the_chain():
    user = make_user(Role.SCHOOLS_OFFICER)
    for i in range(3):
        _view(user, i)
    seal_pending()
    target = AuditEntry.objects.filter(action="view").order_by("seq")[1]
    drop_triggers(connection)
    AuditEntry.objects.filter(pk=target.pk).update(purpose="nothing to see")
    report = verify()
    assert not report.ok and report.broken_seq == target.seq


@pytest.fixture
def postgres_threads(transactional_db):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("the chain's advisory lock is PostgreSQL's (SQLite has one writer anyway)")


def _in_thread(fn, done: list) -> threading.Thread:  # type: ignore[no-untyped-def]
    def run() -> None:
        try:
            fn()
            done.append(time.monotonic())
        finally:
            connection.close()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def _waiting_for_advisory_lock() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cur.fetchone()[0]


def test_concurrent_reads_do_not_wait_for_the_chain_lock(postgres_threads):
    """A writer holds the chain's lock (a long transaction that appended an entry). Eight
    readers, each on its own connection, record views meanwhile: all finish while the lock is
    still held. A writer started at the same time does wait (seen in pg_locks), which shows the
    lock really was held; once it is released everything seals into an intact chain."""
    user = make_user(Role.SCHOOLS_OFFICER)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            chain_append([{"username": "holder", "action": "change", "record_type": "t.T"}])
            holding.set()
            assert release.wait(60)

    held: list = []
    holder = _in_thread(hold, held)
    assert holding.wait(30)
    readers_done: list = []
    readers = [_in_thread(lambda i=i: _view(user, i), readers_done) for i in range(8)]
    writer_done: list = []
    writer = _in_thread(
        lambda: audit_record(user=user, action="change", record_type="t.T", record_id=1),
        writer_done,
    )
    for t in readers:
        t.join(30)
    # Every read is written, with the lock still held by the holder.
    assert len(readers_done) == 8 and not held and holder.is_alive()
    assert PendingAuditEntry.objects.count() == 8
    # The writer is queued on the lock (the control: the lock is real).
    deadline = time.monotonic() + 20
    while not _waiting_for_advisory_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _waiting_for_advisory_lock() == 1 and not writer_done
    release.set()
    holder.join(30)
    writer.join(30)
    assert held and writer_done and writer_done[0] >= held[0]
    assert seal_pending().sealed == 8
    report = verify()
    assert report.ok and report.entries == 10 and report.pending == 0
