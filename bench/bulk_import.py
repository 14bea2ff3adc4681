"""Bulk import of history benchmark (issue 17: at least 5,000 records a second).

Builds a fresh database with SCHOOLS schools, writes the load benchmark's CSV files (the same
generator as bench/load.py: young people, CONCERNS concerns, incidents, searches, referrals)
and imports each kind through `casework.bulk_import.import_history`. Beside it, measured in
the same run on the same database and the same rows, the baseline: Django's own
`bulk_create` of the same records, already parsed, with no validation (no field checks, no
`clean()`, no scope, no children looked up; the encrypted fields encrypted as on any save).

    nice -n 10 .venv/bin/python bench/bulk_import.py --concerns 100000            # SQLite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ss_volume_import \\
        nice -n 10 .venv/bin/python bench/bulk_import.py --concerns 100000 --db postgres
    .venv/bin/python bench/bulk_import.py --concerns 20000 --profile concern   # cProfile

The PostgreSQL database named by BENCH_DATABASE_URL is dropped and created afresh.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/ss_volume_import"
KINDS = ["young_person", "concern", "incident", "search", "referral"]


def fresh_database(args: argparse.Namespace) -> str:
    if args.db == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='ss-import-')}/bench.sqlite3"
    url = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    import psycopg

    admin, name = url.rsplit("/", 1)
    with psycopg.connect(
        admin.replace("postgres://", "postgresql://") + "/postgres", autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    return url


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concerns", type=int, default=50_000)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--profile", choices=KINDS, help="cProfile this kind's import")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = fresh_database(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from load import write_volume

    from saferschools.accounts.choices import Role
    from saferschools.accounts.models import User
    from saferschools.casework import bulk_import
    from saferschools.testing.builders import make_district, make_school

    call_command("migrate", verbosity=0)
    district = make_district()
    schools = [make_school(district) for _ in range(args.schools)]
    user = User.objects.create(username="bench-importer", role=Role.INSPECTOR)
    folder = Path(tempfile.mkdtemp(prefix="ss-import-csv-"))
    counts = write_volume(folder, [(s.urn, 1000) for s in schools], args.concerns, args.seed)

    print(
        f"# bench/bulk_import.py on {connection.vendor}: {sum(counts.values()):,} records "
        f"({args.concerns:,} concerns) across {args.schools} schools; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'kind':<14}{'rows':>10}{'import (rec/s)':>17}{'baseline bulk_create (rec/s)':>30}")
    total_rows = total_import = total_base = 0.0
    for kind in KINDS:
        path = folder / f"{kind}.csv"
        if args.profile == kind:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        t = time.perf_counter()
        result = bulk_import.import_history(acting_user=user, kind=kind, source=path)
        took = time.perf_counter() - t
        if args.profile == kind:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        base = float("nan")
        if not args.no_baseline and kind != "young_person":
            base = _baseline(bulk_import, user, kind, path, transaction)
            total_base += result.rows / base
        total_rows += result.rows
        total_import += took
        print(f"{kind:<14}{result.rows:>10,}{result.rows / took:>17,.0f}{base:>30,.0f}")
    print(f"{'all':<14}{total_rows:>10,.0f}{total_rows / total_import:>17,.0f}")
    return 0


def _baseline(bulk_import, user, kind: str, path: Path, transaction) -> float:
    """Records per second of `bulk_create` for the same rows, parsed and with their children
    resolved beforehand (not timed): the ORM's own insert path, no checks at all. Rolled back."""
    import csv

    from saferschools.casework.models import YoungPerson

    layout = bulk_import.LAYOUTS[kind]
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    people = dict(YoungPerson.objects.values_list("source_ref", "pk"))
    school_of = dict(YoungPerson.objects.values_list("pk", "school_id"))
    fields = {}
    for name in (*layout.required, *layout.optional):
        try:
            fields[name] = layout.model._meta.get_field(name)
        except Exception:  # noqa: S112, BLE001 (a column that is not a field)
            continue
    objs = []
    for row in rows:
        values = {
            n: bulk_import._parser(f)(row[n].strip())
            for n, f in fields.items()
            if (row.get(n) or "").strip()
        }
        when = values.get(layout.when)
        if not hasattr(when, "hour"):
            when = bulk_import._at_nine(when)
        obj = layout.model(
            **values,
            young_person_id=people[row["young_person_ref"]],
            created_by=user,
            created_at=when,
            updated_at=when,
        )
        if hasattr(obj, "school_id") and obj.school_id is None:
            obj.school_id = school_of[obj.young_person_id]  # a concern carries its child's
        obj.derive()  # the derived flags the database's rules require
        objs.append(obj)
    t = time.perf_counter()
    with transaction.atomic():
        layout.model.objects.bulk_create(objs, batch_size=2000)
        took = time.perf_counter() - t
        transaction.set_rollback(True)
    return len(objs) / took


if __name__ == "__main__":
    raise SystemExit(main())
