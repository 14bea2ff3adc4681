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
#: Read entries waiting to be sealed into the chain: never updated; deleted only by the sealer
#: (`audit.seal_pending`, which sets `saferschools.audit_sealing` for its own transaction).
PENDING_TABLE = "accounts_pendingauditentry"
PENDING_TRIGGERS = ("accounts_pending_no_update", "accounts_pending_no_delete")
PG_PENDING_TRUNCATE_TRIGGER = "accounts_pending_no_truncate"
SQLITE_SEALING_FUNCTION = "saferschools_audit_sealing"


def _pg_guard(function: str, table: str, allowed: str, refused: str) -> str:
    """A PL/pgSQL trigger function that lets a row or statement through when `allowed` (SQL)
    holds and otherwise refuses it with `refused` (% is the operation)."""
    return f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
BEGIN
    IF {allowed} THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '{table}{refused}', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


_UNLOCKED = "current_setting('saferschools.audit_unlocked', true) = 'on'"
_PG_FUNCTION = _pg_guard(
    "accounts_auditentry_append_only", TABLE, _UNLOCKED, " is append-only: % refused"
)
_PG_PENDING_FUNCTION = _pg_guard(
    "accounts_pendingauditentry_guard",
    PENDING_TABLE,
    f"{_UNLOCKED} OR (TG_OP = 'DELETE' AND "
    "current_setting('saferschools.audit_sealing', true) = 'on')",
    ": % refused (only the sealer deletes, nobody updates)",
)


def install_triggers(connection: Any) -> None:
    """Create (or re-create) the append-only triggers. Idempotent."""
    if PENDING_TABLE in connection.introspection.table_names():
        _install_pending_triggers(connection)
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


def _install_pending_triggers(connection: Any) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(_PG_PENDING_FUNCTION)
            for name in (*PENDING_TRIGGERS, PG_PENDING_TRUNCATE_TRIGGER):
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {PENDING_TABLE}")
            cur.execute(
                f"CREATE TRIGGER {PENDING_TRIGGERS[0]} BEFORE UPDATE OR DELETE ON "
                f"{PENDING_TABLE} FOR EACH ROW EXECUTE FUNCTION accounts_pendingauditentry_guard()"
            )
            cur.execute(
                f"CREATE TRIGGER {PG_PENDING_TRUNCATE_TRIGGER} BEFORE TRUNCATE ON {PENDING_TABLE} "
                "FOR EACH STATEMENT EXECUTE FUNCTION accounts_pendingauditentry_guard()"
            )
        elif connection.vendor == "sqlite":
            cur.execute(
                f"CREATE TRIGGER IF NOT EXISTS {PENDING_TRIGGERS[0]} BEFORE UPDATE ON "
                f"{PENDING_TABLE} WHEN {SQLITE_FUNCTION}() = 0 BEGIN SELECT RAISE(ABORT, "
                f"'{PENDING_TABLE}: UPDATE refused'); END"
            )
            cur.execute(
                f"CREATE TRIGGER IF NOT EXISTS {PENDING_TRIGGERS[1]} BEFORE DELETE ON "
                f"{PENDING_TABLE} WHEN {SQLITE_FUNCTION}() = 0 AND {SQLITE_SEALING_FUNCTION}() = 0 "
                f"BEGIN SELECT RAISE(ABORT, '{PENDING_TABLE}: DELETE refused "
                "(only the sealer deletes)'); END"
            )


@contextmanager
def _flag(connection: Any, name: str, *, local: bool) -> Iterator[None]:
    """Set `saferschools.<name>` (PostgreSQL; SET LOCAL: for the transaction only) and the
    connection's `_<name>` (read by the SQLite trigger functions) for the duration."""
    connection.ensure_connection()
    pg = connection.vendor == "postgresql"
    if pg:
        with connection.cursor() as cur:
            cur.execute(f"SET {'LOCAL ' if local else ''}saferschools.{name} = 'on'")
    setattr(connection, f"_{name}", True)
    try:
        yield
    finally:
        setattr(connection, f"_{name}", False)
        if pg and connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cur:
                cur.execute(
                    f"{'SET LOCAL' if local else 'RESET'} saferschools.{name}"
                    + (" = 'off'" if local else "")
                )


def audit_sealing(connection: Any) -> Any:
    """Let this connection's current transaction delete pending read entries (the sealer,
    inside its transaction, after copying them into the chain)."""
    return _flag(connection, "audit_sealing", local=True)


def drop_triggers(connection: Any) -> None:
    """Remove the triggers (what an attacker with the owner's rights could do; tests use it)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            for name in (*TRIGGERS, PG_TRUNCATE_TRIGGER):
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {TABLE}")
            for name in (*PENDING_TRIGGERS, PG_PENDING_TRUNCATE_TRIGGER):
                cur.execute(f"DROP TRIGGER IF EXISTS {name} ON {PENDING_TABLE}")
        elif connection.vendor == "sqlite":
            for name in (*TRIGGERS, *PENDING_TRIGGERS):
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
    connection.connection.create_function(
        SQLITE_SEALING_FUNCTION, 0, lambda: 1 if getattr(wrapper, "_audit_sealing", False) else 0
    )


def audit_unlocked(connection: Any) -> Any:
    """Let this connection delete audit rows for the duration (only `flush` uses it)."""
    return _flag(connection, "audit_unlocked", local=False)


def reinstall_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate handler: a SQLite table rebuild drops triggers; put them back."""
    from django.db import connections

    conn = connections[using]
    if TABLE in conn.introspection.table_names():
        install_triggers(conn)


# ------------------------------------------------------------------ PostgreSQL role separation


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise ValueError(f"{name!r} is not a plain role name (letters, digits, underscores)")
    return f'"{name}"'


def role_separation_sql(
    *, owner: str, app: str, tables: list[str], create_roles: bool = False
) -> list[str]:
    """The statements that give the schema to `owner` and the web application's `app` role
    only what it needs: read and write every table except the audit log, where it may only
    INSERT and SELECT. Without ownership the app role cannot ALTER the table, drop or disable
    its triggers, and with no UPDATE, DELETE or TRUNCATE grant the `audit_unlocked` setting
    gives it nothing. Run as a superuser (or the current owner); `migrate` then runs as
    `owner`, the web application as `app`."""
    o, a = _ident(owner), _ident(app)
    sql = []
    if create_roles:
        sql += [f"CREATE ROLE {o} NOLOGIN", f"CREATE ROLE {a} NOLOGIN"]
    sql += [
        f"ALTER SCHEMA public OWNER TO {o}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {a}",
    ]
    sql += [f'ALTER TABLE "{t}" OWNER TO {o}' for t in tables]
    sql += [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {a}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {a}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {TABLE} FROM {a}",
        # The sealer (a worker, as the app role) deletes the read entries it moved into the
        # chain; nobody updates or truncates them.
        f"REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON {PENDING_TABLE} FROM {a}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {a}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {o} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {a}",
    ]
    return sql


def audit_privileges(connection: Any) -> dict[str, bool]:
    """What the connected role may do to the audit table (PostgreSQL)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE'), "
            "has_table_privilege(current_user, %s, 'UPDATE'), "
            "has_table_privilege(current_user, %s, 'DELETE'), "
            "has_table_privilege(current_user, %s, 'TRUNCATE'), "
            "has_table_privilege(current_user, %s, 'INSERT') "
            "FROM pg_class c WHERE c.oid = %s::regclass",
            [TABLE] * 5,
        )
        owns, update, delete, truncate, insert = cur.fetchone()
    return {
        "owner": owns,
        "update": update,
        "delete": delete,
        "truncate": truncate,
        "insert": insert,
    }


def protection_summary(connection: Any) -> str:
    """One plain sentence on what protects the audit table on this database."""
    if connection.vendor == "sqlite":
        return (
            "SQLite: triggers refuse UPDATE and DELETE from the application and a plain sqlite3 "
            "prompt, but anyone who can write the database file can drop them and rewrite "
            "rows; the keyed hash shows that unless they also hold AUDIT_HMAC_KEYS, and the "
            "anchors show a cut tail or a rebuilt chain. Use PostgreSQL with separate roles "
            "for real records."
        )
    if connection.vendor == "postgresql":
        p = audit_privileges(connection)
        if p["owner"] or p["update"] or p["delete"] or p["truncate"]:
            return (
                "PostgreSQL: this role owns or may rewrite the audit table (triggers only; "
                "anyone with this role can drop them). Run `saferschools db-roles` to give "
                "the web application a role that may only INSERT and SELECT it."
            )
        return (
            "PostgreSQL: this role may only INSERT and SELECT the audit table; it cannot "
            "alter, unlock, update, delete or truncate it."
        )
    return f"{connection.vendor}: the keyed hash chain and anchors only."
