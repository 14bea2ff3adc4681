"""Shared behaviour of the import commands: clear errors, summaries, --json output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferschools.core.commands import json_path_argument, write_json_document
from saferschools.core.progress import ProgressPrinter
from saferschools.estate.importers import ImportFailed, ImportSummary


class ImportCommand(BaseCommand):
    source_label = "file"
    #: For a command that imports each file the same way: the importer of one file and the
    #: label of its progress line.
    importer: Callable[..., ImportSummary] | None = None
    progress_label = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help=f"the {self.source_label} (CSV or zip)")
        parser.add_argument(
            "--keep-going",
            action="store_true",
            help="load the valid rows and report rejected ones (default: any rejected row "
            "fails the whole import and nothing changes)",
        )
        json_path_argument(parser, "write the summary as JSON")

    def run_import(self, paths: list[str], **options: Any) -> list[ImportSummary]:
        """Each file through `importer` (a command that imports otherwise overrides this)."""
        if self.importer is None:
            raise NotImplementedError
        progress, max_rejected = self.progress(self.progress_label), self.max_rejected(options)
        return [self.importer(p, progress=progress, max_rejected=max_rejected) for p in paths]

    @staticmethod
    def max_rejected(options: dict[str, Any]) -> int | None:
        """`--keep-going`: load the valid rows whatever is rejected; else none may be."""
        return None if options["keep_going"] else 0

    def progress(self, label: str) -> ProgressPrinter:
        return ProgressPrinter(label, self.stderr._out)  # type: ignore[attr-defined]

    def handle(self, *args: Any, **options: Any) -> None:
        for p in options["paths"]:
            if not Path(p).exists():
                raise CommandError(f"{p}: file not found")
        try:
            paths = options.pop("paths")
            summaries = self.run_import(paths, **options)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from None
        for s in summaries:
            self.stdout.write(s.as_text())
        write_json_document(
            options.get("json"), [s.as_dict() for s in summaries], indent=2, default=str
        )
