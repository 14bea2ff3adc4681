from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from saferschools.core.commands import json_path_argument, write_json_document
from saferschools.core.jobs.terminal import add_background_arguments, run_in_background
from saferschools.core.progress import ProgressPrinter
from saferschools.estate.importers import ImportFailed
from saferschools.estate.services import AreaError, area_load


class Command(BaseCommand):
    help = (
        "Load every public file found in a folder (GIAS, IoD2019, Census, force areas, police.uk)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data", required=True, help="folder of extracts, e.g. ../shared/data")
        parser.add_argument("--la", action="append", help="local authority name (repeatable)")
        parser.add_argument(
            "--england",
            action="store_true",
            help="the England-wide files; without --la or --force: every English force",
        )
        parser.add_argument(
            "--force",
            action="append",
            help='a police force by name, e.g. "Essex Police" (repeatable): its districts, '
            "schools, deprivation and population from the national files, nothing of another",
        )
        json_path_argument(parser, "write the summaries as JSON")
        add_background_arguments(parser)

    def handle(self, *args: Any, **o: Any) -> None:
        if o["background"] or o["wait"]:
            run_in_background(
                self,
                kind="estate.load_area",
                params={
                    "data_dir": str(Path(o["data"]).resolve()),
                    "la_names": o.get("la") or None,
                    "england": o["england"],
                },
                wait=o["wait"],
            )
            return
        out = self.stderr._out  # type: ignore[attr-defined]
        try:
            summaries = area_load(
                data_dir=o["data"],
                la_names=set(o["la"]) if o.get("la") else None,
                england=o["england"],
                forces=set(o["force"]) if o.get("force") else None,
                progress_for=lambda label: ProgressPrinter(label, out),
                on_summary=lambda s: self.stdout.write(s.as_text()),
            )
        except (AreaError, ImportFailed) as exc:
            raise CommandError(str(exc)) from None
        write_json_document(o.get("json"), [s.as_dict() for s in summaries], indent=2)
