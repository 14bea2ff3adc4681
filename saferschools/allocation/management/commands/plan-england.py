"""saferschools plan-england (--constables N | --officers-csv CSV) [--force NAME ...]
[--time-limit S] [--workers N] [--json PATH] [--with-plans] [--background | --wait]

Plan every English police force from the national files in one run: each force with its own
officer numbers (a CSV of force,constables[,sergeants], or a national total of constables
shared between forces by demand; sergeants not given are what each force's divisions need for
seven-day supervision), forces solved in parallel within ONE overall time budget, progress per
force, and one report (per force: status in words, objective, proven bound, gap, seconds, the
greedy baseline beside it, and every planning rule that could not hold). A force that runs out
of time reports "out of time, best so far" (never worse than the greedy baseline); only a proven
infeasibility is reported as one. `--force` (repeatable) plans only those forces.
`--background` queues it as a job for the worker (its page shows each force as it finishes);
`--wait` does that and draws a progress bar until it ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.allocation import engine as E
from saferschools.allocation.engine import england
from saferschools.allocation.england import DEFAULT_TIME_LIMIT_S, england_plan
from saferschools.core.commands import json_path_argument, write_json_document
from saferschools.core.jobs.terminal import add_background_arguments, run_in_background


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
        parser.add_argument("--officers-csv", type=Path, help="force,constables[,sergeants]")
        parser.add_argument("--constables", type=int, help="a national total shared by demand")
        parser.add_argument(
            "--force", action="append", default=[], help="only this force (repeatable)"
        )
        parser.add_argument(
            "--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S, help="seconds, in all"
        )
        parser.add_argument("--workers", type=int, default=2, help="forces solved at once")
        json_path_argument(parser, "write the report here")
        parser.add_argument("--with-plans", action="store_true", help="each force's plan too")
        add_background_arguments(parser)

    def handle(self, *args: Any, **o: Any) -> None:
        if bool(o["officers_csv"]) == bool(o["constables"]):
            raise CommandError("Give either --officers-csv CSV or --constables N.")
        try:
            numbers = england.read_officer_numbers(o["officers_csv"]) if o["officers_csv"] else None
        except E.AllocationError as exc:
            raise CommandError(str(exc)) from exc
        if o["background"] or o["wait"]:
            if o["json"] or o["data"]:
                raise CommandError(
                    "--json and --data need the run here: the job writes its report as files "
                    "on its page (leave out --background/--wait)."
                )
            run_in_background(
                self,
                kind="allocation.england",
                params={
                    "constables": o["constables"] or 0,
                    "officers": {f: [c, s] for f, (c, s) in (numbers or {}).items()},
                    "forces": o["force"],
                    "time_limit_s": o["time_limit"],
                    "workers": o["workers"],
                },
                wait=o["wait"],
            )
            return

        def progress(done: int, total: int, message: str) -> None:
            self.stderr.write(f"[{done:2d}/{total}] {message}")

        try:
            report = england_plan(
                constables=o["constables"],
                officers=numbers,
                forces=o["force"],
                time_limit_s=o["time_limit"],
                workers=o["workers"],
                progress=progress,
                keep_plans=o["with_plans"],
                data=o["data"],
            )
        except E.AllocationError as exc:
            raise CommandError(str(exc)) from exc
        doc = report.to_dict(with_plans=o["with_plans"])
        write_json_document(o["json"], doc)
        self.stdout.write(
            f"England: {doc['forces_within_1pct']} of {len(doc['forces'])} forces within 1% of "
            f"the proven bound; overall gap {doc['gap']:.2%}, worst force "
            f"{doc['worst_force_gap']:.2%}; {doc['seconds']:.0f} s; travel "
            f"{doc['objective_km']:,.0f} km, greedy baseline {doc['greedy_km']:,.0f} km"
            + (
                f"; out of time (best so far): {', '.join(doc['out_of_time'])}"
                if doc["out_of_time"]
                else ""
            )
            + (f"; failed: {', '.join(doc['failed'])}" if doc["failed"] else "")
        )
