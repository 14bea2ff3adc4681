"""saferschools report --month YYYY-MM [--public] --out DIR

Write the monthly oversight report as DIR/report.html (charts inline as SVG), report.pdf and
report.csv. The force version by default; --public writes the public version (activity counts
suppressed too, no officer names). Every count passes disclosure control in both. The export
is written to the audit log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Action
from saferschools.core.jobs.terminal import add_background_arguments, run_in_background
from saferschools.oversight.periods import Month
from saferschools.oversight.render import write_report
from saferschools.oversight.report import build_report


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--public", action="store_true", help="the public version")
        parser.add_argument("--out", type=Path, required=True, help="folder to write into")
        add_background_arguments(parser)

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            month = Month.parse(opts["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if opts["background"] or opts["wait"]:
            job = run_in_background(
                self,
                kind="oversight.report",
                params={"month": month.key, "public": opts["public"]},
                wait=opts["wait"],
            )
            if job is not None:  # copy the job's files where they were asked for
                import shutil

                from saferschools.core.jobs.files import job_output_dir

                opts["out"].mkdir(parents=True, exist_ok=True)
                for name in job.result["files"]:
                    shutil.copy(job_output_dir(job.pk) / name, opts["out"] / name)
                    self.stdout.write(f"  {opts['out'] / name}")
            return
        report = build_report(month, public=opts["public"])
        paths = write_report(report, opts["out"])
        version = "public" if opts["public"] else "force"
        audit_record(
            user=None,
            username="system",
            action=Action.DISCLOSE if opts["public"] else Action.EXPORT,
            record_type="oversight.Report",
            record_id=f"{month.key}:{version}",
            purpose="Monthly oversight report (command line)",
            details={"out": str(opts["out"]), "files": sorted(p.name for p in paths.values())},
        )
        hidden = sum(c.suppressed for t in report.tables for r in t.rows for c in r.cells)
        self.stdout.write(
            f"{report.title}\n  {len(report.tables)} tables, {len(report.charts)} charts, "
            f"{hidden} figures hidden by disclosure control\n"
            + "\n".join(f"  {p}" for p in paths.values())
        )
