"""Database-level protection of the audit log: triggers that refuse UPDATE and DELETE.

The hash chain detects tampering after the fact; these triggers stop the application (or a
mistaken migration, or someone at a database prompt without the owner's rights) changing the
log in the first place. They are installed by migration 0003 and re-installed after every
`migrate` (a SQLite table rebuild drops a table's triggers).

- PostgreSQL: a PL/pgSQL function raised BEFORE UPDATE OR DELETE (each row) and BEFORE
  TRUNCATE. Only a session that sets `saferschools.audit_unlocked = on` passes; the one thing
  that does is `manage.py flush` (wiping the whole database, which test teardown uses).
- SQLite: BEFORE UPDATE / BEFORE DELETE triggers that RAISE(ABORT) unless the connection's
  `saferschools_audit_unlocked()` function says 1. The function exists only on connections
  Django opens; at a plain sqlite3 prompt it is missing, so the triggers refuse there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TABLE = "accounts_auditentry"
TRIGGERS = ("accounts_auditentry_no_update", "accounts_auditentry_no_delete")
PG_TRUNCATE_TRIGGER = "accounts_auditentry_no_truncate"
SQLITE_FUNCTION = "saferschools_audit_unlocked"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accounts_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('saferschools.audit_unlocked', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{TABLE} is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install_triggers(connection: Any) -> None:
    """Create (or re-create) the append-only triggers. Idempotent."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(_PG_FUNCTION)
            cur.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS[0]} ON {TABLE}")
            cur.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS[1]} ON {TABLE}")
            cur.execute(f"DROP TRIGGER IF EXISTS {PG_TRUNCATE_TRIGGER} ON {TABLE}")
            cur.execute(
                f"CREATE TRIGGER {TRIGGERS[0]} BEFORE UPDATE OR DELETE ON {TABLE} "
                "FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_append_only()"
            )
            cur.execute(
                f"CREATE TRIGGER {PG_TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {TABLE} "
                "FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditentry_append_only()"
            )
        elif connection.vendor == "sqlite":
            for name, event in zip(TRIGGERS, ("UPDATE", "DELETE"), strict=True):
                cur.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON {TABLE} "
                    f"WHEN {SQLITE_FUNCTION}() = 0 "
                    f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: {event} refused'); END"
                )


def drop_triggers(connection: Any) -> None:
    """Remove the triggers (what an attacker with the owner's rights could do; tests use it)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for name in (*TRIGGERS, PG_TRUNCATE_TRIGGER):
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
        elif connection.vendor == "sqlite":
            for name in TRIGGERS:
                cur.execute(f"DROP TRIGGER IF EXISTS {name}")


def triggers_present(connection: Any) -> bool:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
            return cur.fetchone()[0] >= 2
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            return cur.fetchone()[0] >= 2
    return False


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created handler: give each SQLite connection the unlock flag function."""
    if connection.vendor != "sqlite":
        return
    wrapper = connection
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: 1 if getattr(wrapper, "_audit_unlocked", False) else 0
    )


@contextmanager
def audit_unlocked(connection: Any) -> Iterator[None]:
    """Let this connection delete audit rows for the duration (only `flush` uses it)."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SET saferschools.audit_unlocked = 'on'")
    connection._audit_unlocked = True
    try:
        yield
    finally:
        connection._audit_unlocked = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cur:
                cur.execute("RESET saferschools.audit_unlocked")


def reinstall_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate handler: a SQLite table rebuild drops triggers; put them back."""
    from django.db import connections

    conn = connections[using]
    if TABLE in conn.introspection.table_names():
        install_triggers(conn)
