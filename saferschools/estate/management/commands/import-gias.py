from typing import Any

from saferschools.estate.importers import ImportSummary, import_gias

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import a DfE GIAS establishment download (official column names, Windows-1252)."
    source_label = "GIAS establishment file"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--la", action="append", help="only this local authority (repeatable)")
        parser.add_argument("--encoding", default="cp1252")

    def run_import(self, paths: list[str], **o: Any) -> list[ImportSummary]:
        return [
            import_gias(
                p,
                la_names=set(o["la"]) if o.get("la") else None,
                progress=self.progress("GIAS"),
                max_rejected=self.max_rejected(o),
                encoding=o["encoding"],
            )
            for p in paths
        ]
