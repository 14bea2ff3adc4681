"""saferschools roster --weeks 12 --start 2026-06-29 --json PATH [--division NAME]
[--time-limit S] [--publish]

Roster the officers placed by the adopted allocation plan (the whole force, or one division),
save the roster as a draft (or publish it), and write its document (`saferschools.roster/1`:
shifts, absences, rules with their limits, solve status/objective/bound/gap/seconds) to PATH.
Progress (each subproblem and the elapsed time) goes to stderr. An infeasible request prints
which rule cannot be met on which day and exits with status 2.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.core.commands import json_path_argument, write_json_document
from saferschools.core.jobs.terminal import add_background_arguments, run_in_background
from saferschools.estate.models import Division
from saferschools.rostering import services
from saferschools.rostering.models import Roster


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--weeks", type=int, default=12)
        parser.add_argument("--start", type=dt.date.fromisoformat, required=True)
        json_path_argument(parser, "write the roster document here")
        parser.add_argument("--division", help="roster one division (by name)")
        parser.add_argument("--time-limit", type=float, default=50.0, help="seconds (default 50)")
        parser.add_argument("--publish", action="store_true", help="publish the roster")
        add_background_arguments(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        division = None
        if opts["division"]:
            division = Division.objects.filter(name__iexact=opts["division"]).first()
            if division is None:
                names = ", ".join(Division.objects.values_list("name", flat=True))
                raise CommandError(f"No division called {opts['division']!r} (known: {names}).")
        if opts["background"] or opts["wait"]:
            job = run_in_background(
                self,
                kind="rostering.generate",
                params={
                    "start": opts["start"].isoformat(),
                    "weeks": opts["weeks"],
                    "division_id": division.pk if division is not None else None,
                    "time_limit_s": opts["time_limit"],
                },
                wait=opts["wait"],
            )
            if job is None:
                return
            roster = Roster.objects.get(pk=job.result["roster_id"])
            if opts["publish"]:
                services.roster_publish(roster=roster, acting_user=None)
            write_json_document(opts["json"], roster.document)
            return
        t0 = time.monotonic()

        def progress(line: str) -> None:
            self.stderr.write(f"[{time.monotonic() - t0:6.1f} s] {line}")

        try:
            roster = services.roster_generate(
                start=opts["start"],
                weeks=opts["weeks"],
                division=division,
                time_limit_s=opts["time_limit"],
                acting_user=None,
                progress=progress,
            )
        except services.RosterInfeasibleError as exc:
            self.stderr.write("No roster can meet every rule. These rules cannot be met:")
            for line in exc.messages:
                self.stderr.write(f"  - {line}")
            sys.exit(2)
        except services.RosterError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if opts["publish"]:
            try:
                services.roster_publish(roster=roster, acting_user=None)
            except services.RosterError as exc:
                self.stderr.write("Not published: " + " ".join(exc.messages))
        doc = roster.document
        for note in doc.get("inputs", {}).get("notes", []):
            self.stderr.write(f"note: {note}")
        write_json_document(opts["json"], doc)
        s = doc["solve"]
        gap = "-" if s["gap"] is None else f"{100 * s['gap']:.1f}%"
        self.stdout.write(
            f"Roster {roster.pk} ({roster.get_status_display().lower()}): {roster}\n"
            f"  {len(doc['officers'])} officers, {len(doc['shifts'])} shifts, "
            f"{len(doc['absences'])} absence days\n"
            f"  solve: {s['status']}, objective {s['objective'] or 0:.0f}, "
            f"bound {s['bound'] or 0:.0f}, gap {gap}, {s['seconds']:.1f} s "
            f"(total {time.monotonic() - t0:.1f} s)\n  {roster.outcome}\n"
            f"  independent check: {roster.violations} hard-rule violation(s)"
            + (f"\n  document: {opts['json']}" if opts["json"] else "")
        )
