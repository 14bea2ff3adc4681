"""What the management commands share: writing the document a command made, and the shape of
a sweep (a command cron or beat runs often, that reports what it did)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def json_path_argument(parser: CommandParser, help: str) -> None:
    """The `--json PATH` option: where to write the document the command made (`help` says
    which); `write_json_document` writes it."""
    parser.add_argument("--json", type=Path, metavar="PATH", help=help)


def write_json_document(
    path: str | Path | None,
    doc: Any,
    *,
    indent: int = 1,
    default: Callable[[Any], Any] | None = None,
) -> None:
    """Write `doc` as JSON to `path`, the file a command's `--json` asked for (nothing when it
    was not given). A file that cannot be written stops the command, saying why."""
    if not path:
        return
    try:
        Path(path).write_text(json.dumps(doc, indent=indent, default=default))
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc


class SweepCommand(BaseCommand):
    """A sweep: it acts on whatever is due (each thing once, so it is safe to run as often as
    you like) and prints how many it acted on, or with --json `{json_key: [ids]}`."""

    #: The key of the list in the --json output.
    json_key: str
    #: The sentence printed without --json; `{n}` is how many.
    done: str

    def sweep(self) -> list[Any]:
        """Act on what is due; the ids of what was acted on."""
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = self.sweep()
        if options["json"]:
            self.stdout.write(json.dumps({self.json_key: ids}))
        else:
            self.stdout.write(self.done.format(n=len(ids)))
