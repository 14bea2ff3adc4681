"""What the management commands share: writing the document a command made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError


def write_json_document(path: str | Path | None, doc: Any, *, indent: int = 1) -> None:
    """Write `doc` as JSON to `path`, the file a command's `--json` asked for (nothing when it
    was not given). A file that cannot be written stops the command, saying why."""
    if not path:
        return
    try:
        Path(path).write_text(json.dumps(doc, indent=indent))
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
