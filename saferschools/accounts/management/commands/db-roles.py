"""`saferschools db-roles`: separate the database owner from the web application's role on
PostgreSQL, so the application cannot alter, unlock or rewrite the audit log.

    saferschools db-roles --owner saferschools_owner --app saferschools_app          # print SQL
    saferschools db-roles --owner saferschools_owner --app saferschools_app --apply  # run it
    DATABASE_URL=postgres://saferschools_app@.../db saferschools db-roles --check    # prove it

Create the login roles first (see docs/security.md); run `--apply` as a superuser or the
current owner, `migrate` as the owner, and the web application as the app role.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from saferschools.accounts.db import audit_privileges, role_separation_sql


class Command(BaseCommand):
    help = "PostgreSQL: give the schema to an owner role; the app role may only INSERT and SELECT the audit log."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--owner", help="the role that owns the schema and runs migrate")
        parser.add_argument("--app", help="the role the web application connects as")
        parser.add_argument("--apply", action="store_true", help="run the statements now")
        parser.add_argument(
            "--create-roles", action="store_true", help="also CREATE ROLE both (NOLOGIN)"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="report what the connected role may do to the audit log (exit 1 if it could "
            "rewrite it)",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "db-roles is for PostgreSQL. On SQLite the audit log is protected by triggers "
                "against the application only; see docs/security.md."
            )
        if o["check"]:
            privileges = audit_privileges(connection)
            can_rewrite = any(privileges[k] for k in ("owner", "update", "delete", "truncate"))
            if o["json"]:
                self.stdout.write(json.dumps(privileges | {"can_rewrite": can_rewrite}))
            elif can_rewrite:
                self.stderr.write(
                    "This role can rewrite the audit log: "
                    + ", ".join(k for k, v in privileges.items() if v and k != "insert")
                )
            else:
                self.stdout.write("This role may only INSERT and SELECT the audit log.")
            if can_rewrite:
                raise SystemExit(1)
            return
        if not o["owner"] or not o["app"]:
            raise CommandError("Give --owner and --app (or --check).")
        tables = sorted(connection.introspection.table_names())
        try:
            sql = role_separation_sql(
                owner=o["owner"], app=o["app"], tables=tables, create_roles=o["create_roles"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not o["apply"]:
            self.stdout.write(";\n".join(sql) + ";")
            return
        with transaction.atomic(), connection.cursor() as cur:
            for statement in sql:
                cur.execute(statement)
        self.stdout.write(
            f"{len(tables)} tables now belong to {o['owner']}; {o['app']} may only INSERT and "
            "SELECT the audit log."
        )
