"""Writing many already-validated records fast (the bulk import of history, issue 17).

Django's per-record machinery costs more than the work itself at a hundred thousand records:
`Model.__init__` walks every field and sends signals, and `get_db_prep_save` goes through the
thread-local connection proxy and three layers of conversion for each value. Here both are
prepared once per model:

- `Blueprint.new` makes an instance from a dict of attribute values plus the fields' defaults
  (callables called per record), as `Model(**values)` would for a model with no `__init__`
  override and no `pre_init`/`post_init` receivers (`Blueprint` refuses one that has them);
- `RowWriter` turns instances into database rows with one converter per column: encrypted
  text encrypted (the same Fernet token `EncryptedTextField` writes), dates and times adapted
  by the backend's own `adapt_*` functions, plain values as they are, anything else through
  the field's own `get_db_prep_save`; then takes ids from the table's sequence and writes the
  rows with COPY (PostgreSQL) or one prepared INSERT (SQLite).

`casework/tests/test_bulk_import.py` checks that a row written here reads back equal, field
for field, to the same record saved through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.db import connections, models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from .fields import PREFIX, EncryptedTextField, fernet

T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), one batch of writes each."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: Field classes whose database value is the Python value itself once it has been parsed to the
#: field's type (Django's own conversion does nothing more for them).
_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
)


class Blueprint:
    """Makes instances of `model` without `Model.__init__`."""

    def __init__(self, model: type[models.Model]) -> None:
        if (
            "__init__" in vars(model)
            or pre_init.has_listeners(model)
            or post_init.has_listeners(model)
        ):
            raise TypeError(f"{model.__name__} has its own __init__ or init signals")
        self.model = model
        self.static: dict[str, Any] = {}
        self.dynamic: list[tuple[str, Callable[[], Any]]] = []
        for f in model._meta.concrete_fields:
            if f.has_default() and callable(f.default):
                self.dynamic.append((f.attname, f.default))
            else:
                self.static[f.attname] = f.get_default()

    def new(self, values: dict[str, Any]) -> Any:
        """An unsaved instance; `values` by attribute name (`created_by_id`, not `created_by`)."""
        obj = self.model.__new__(self.model)
        obj._state = ModelState()
        d = obj.__dict__
        d.update(self.static)
        for attname, default in self.dynamic:
            if attname not in values:
                d[attname] = default()
        d.update(values)
        return obj


class RowWriter:
    """Writes instances of `model` as rows, each column converted as the field would."""

    def __init__(self, model: type[models.Model], using: str = "default") -> None:
        self.model = model
        self.conn = connections[using]
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = ["id", *(f.column for f in self.fields)]
        self.converters = [self._converter(f) for f in self.fields]

    def _converter(self, f: models.Field) -> Callable[[Any], Any] | None:
        ops = self.conn.ops
        if isinstance(f, EncryptedTextField):
            encrypt = fernet().encrypt

            def encrypted(value: Any) -> Any:
                if value is None or value == "":
                    return value
                return PREFIX + encrypt(str(value).encode("utf-8")).decode("ascii")

            return encrypted
        if isinstance(f, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(f, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(f, _AS_IS) and type(f).get_db_prep_value in _PLAIN_PREP:
            return None
        return lambda value, f=f: f.get_db_prep_save(value, self.conn)

    def rows(self, objs: list[Any]) -> list[tuple[Any, ...]]:
        plan = [(f.attname, conv) for f, conv in zip(self.fields, self.converters, strict=True)]
        out = []
        for obj in objs:
            d = obj.__dict__
            out.append(
                (
                    obj.pk,
                    *(d[a] if conv is None else conv(d[a]) for a, conv in plan),
                )
            )
        return out

    def insert(self, objs: list[Any]) -> list[int]:
        """Give the instances ids from the table's sequence and insert them; returns the ids."""
        model, conn = self.model, self.conn
        table = model._meta.db_table
        n = len(objs)
        if not n:
            return []
        with conn.cursor() as cur:
            if conn.vendor == "postgresql":
                cur.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, n],
                )
                ids = [r[0] for r in cur.fetchall()]
            else:
                cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
                top = cur.fetchone()[0]
                cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cur.fetchone()
                start = max(top, row[0] if row else 0) + 1
                ids = list(range(start, start + n))
            for pk, obj in zip(ids, objs, strict=True):
                obj.pk = pk
            rows = self.rows(objs)
            names = ", ".join(conn.ops.quote_name(c) for c in self.columns)
            if conn.vendor == "postgresql":
                with (
                    conn.wrap_database_errors,
                    cur.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
                ):
                    for r in rows:
                        copy.write_row(r)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cur.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                    rows,
                )
        for obj in objs:
            obj._state.adding = False
            obj._state.db = conn.alias
        return ids


# The `get_db_prep_value` implementations that only return the value in its own type (a
# to_python, an int(), the target's id for a foreign key): for values already parsed to the
# field's type they change nothing (COPY and the SQLite driver adapt ints, strings, booleans).
_PLAIN_PREP = {
    models.Field.get_db_prep_value,
    models.IntegerField.get_db_prep_value,
    models.ForeignKey.get_db_prep_value,
}


def statistics_refresh(*kinds: type[models.Model], using: str = "default") -> None:
    """Refresh the query planner's statistics for tables a bulk load has just grown.

    Business rule (issue 17): a list costs what the user's scope holds from the moment history
    is loaded. SQLite keeps no statistics unless asked (without them it plans a scoped list of a
    million concerns as a scan: 1.7 s a page instead of 60 ms), and PostgreSQL's autovacuum
    analyses a grown table only some time later; so the import analyses what it loaded."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for kind in kinds:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(kind._meta.db_table)}")
