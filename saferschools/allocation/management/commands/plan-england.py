"""saferschools plan-england --data DIR (--officers-csv CSV | --constables N) [--time-limit S]
[--workers N] [--json PATH] [--with-plans]

Plan every English police force from the national files in one run: each force with its own
officer numbers (a CSV of force,constables[,sergeants], or a national total of constables
shared between forces by demand; sergeants not given are what each force's divisions need for
seven-day supervision), forces solved in parallel within ONE overall time budget, progress per
force, and one report (per force: status in words, objective, proven bound, gap, seconds, and
every planning rule that could not hold). A force that runs out of time reports "out of time,
best so far"; only a proven infeasibility is reported as one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.allocation import engine as E
from saferschools.allocation import selectors
from saferschools.allocation.engine import england, national


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
        parser.add_argument("--officers-csv", type=Path, help="force,constables[,sergeants]")
        parser.add_argument("--constables", type=int, help="a national total shared by demand")
        parser.add_argument("--time-limit", type=float, default=110.0, help="seconds, in all")
        parser.add_argument("--workers", type=int, default=2, help="forces solved at once")
        parser.add_argument("--json", type=Path, help="write the report here")
        parser.add_argument("--with-plans", action="store_true", help="each force's plan too")

    def handle(self, *args: Any, **o: Any) -> None:
        data = o["data"] or Path(django_settings.SHARED_DATA_DIR)
        if not (data / "force" / "england_police_force_areas.csv.gz").is_file():
            raise CommandError(f"{data}: no force/england_police_force_areas.csv.gz here.")
        if bool(o["officers_csv"]) == bool(o["constables"]):
            raise CommandError("Give either --officers-csv CSV or --constables N.")
        settings = E.PlanSettings(crime_severity=selectors.severity_table())
        try:
            forces = england.england_forces(data)
            numbers = england.read_officer_numbers(o["officers_csv"]) if o["officers_csv"] else None
            instances = england.with_officers(
                forces, settings, numbers=numbers, national_constables=o["constables"]
            )
        except E.AllocationError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"{len(instances)} forces, {sum(len(i.schools) for i in instances.values()):,} "
            f"establishments, {sum(i.constables for i in instances.values()):,} constables; "
            f"{o['time_limit']:.0f} s in all, {o['workers']} at once"
        )

        def progress(done: int, total: int, message: str) -> None:
            self.stderr.write(f"[{done:2d}/{total}] {message}")

        report = national.plan_forces(
            instances,
            settings,
            budget_s=o["time_limit"],
            workers=o["workers"],
            progress=progress,
            keep_plans=o["with_plans"],
        )
        doc = report.to_dict(with_plans=o["with_plans"])
        if o["json"]:
            try:
                o["json"].write_text(json.dumps(doc, indent=1))
            except OSError as exc:
                raise CommandError(f"Cannot write {o['json']}: {exc.strerror}.") from exc
        self.stdout.write(
            f"England: {doc['forces_within_1pct']} of {len(doc['forces'])} forces within 1% of "
            f"the proven bound; overall gap {doc['gap']:.2%}, worst force {doc['worst_force_gap']:.2%}; "
            f"{doc['seconds']:.0f} s"
            + (
                f"; out of time (best so far): {', '.join(doc['out_of_time'])}"
                if doc["out_of_time"]
                else ""
            )
            + (f"; failed: {', '.join(doc['failed'])}" if doc["failed"] else "")
        )
