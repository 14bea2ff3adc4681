from typing import Any

from saferschools.estate.importers import ImportSummary, import_stop_search

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import police.uk stop-and-search CSVs (many months, possibly zipped)."
    source_label = "police.uk stop and search files"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument("--force-name", default="Kent Police")

    def run_import(self, paths: list[str], **o: Any) -> list[ImportSummary]:
        return [
            import_stop_search(
                paths,
                force=o["force_name"],
                progress=self.progress("stop and search"),
                max_rejected=self.max_rejected(o),
            )
        ]
