"""`saferschools rotate-field-key`: re-encrypt every EncryptedTextField value in every model
under the first key in FIELD_ENCRYPTION_KEYS.

To rotate: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run this,
then remove the old keys once it reports every value done. Fields are found through the app
registry, so a new model with an EncryptedTextField is covered without changing this command.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from saferschools.core.fields import PREFIX, EncryptedTextField, rotate_value

BATCH = 500


def encrypted_fields() -> list[tuple[Any, list[Any]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def rotate_model(model: Any, fields: list[Any]) -> int:
    """Re-encrypt one model's encrypted columns with raw SQL (the ORM would decrypt them)."""
    q = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    cols = [f.column for f in fields]
    changed = 0
    last_pk: Any = None
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            where = f"WHERE {q(pk)} > %s " if last_pk is not None else ""
            # Only quoted table and column names from the model registry are interpolated.
            sql = f"SELECT {q(pk)}, {', '.join(q(c) for c in cols)} FROM {q(table)} "  # noqa: S608
            sql += f"{where}ORDER BY {q(pk)} LIMIT {BATCH}"
            cur.execute(sql, [last_pk] if last_pk is not None else [])
            rows = cur.fetchall()
            for row in rows:
                updates = {}
                for col, value in zip(cols, row[1:], strict=True):
                    if value:
                        new = rotate_value(value)
                        if new != value:
                            updates[col] = new
                if updates:
                    sets = ", ".join(f"{q(c)} = %s" for c in updates)
                    cur.execute(
                        f"UPDATE {q(table)} SET {sets} WHERE {q(pk)} = %s",  # noqa: S608
                        [*updates.values(), row[0]],
                    )
                    changed += len(updates)
        if len(rows) < BATCH:
            return changed
        last_pk = rows[-1][0]


class Command(BaseCommand):
    help = "Re-encrypt every encrypted text field under the first FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args: Any, **o: Any) -> None:
        tables = set(connection.introspection.table_names())
        total = 0
        for model, fields in encrypted_fields():
            if model._meta.db_table not in tables:
                continue
            n = rotate_model(model, fields)
            total += n
            self.stdout.write(
                f"  {model._meta.label}: {', '.join(f.name for f in fields)}: {n} values re-encrypted"
            )
        self.stdout.write(
            f"Done: {total} values now under the first key ({PREFIX.rstrip(':')} tokens). "
            "Older keys can be removed from FIELD_ENCRYPTION_KEYS."
        )
