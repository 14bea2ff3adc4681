from typing import Any

from saferschools.estate.importers import ImportSummary, import_street_crime

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import police.uk street-level crime CSVs (many months, possibly zipped)."
    source_label = "police.uk street crime files"

    def run_import(self, paths: list[str], **o: Any) -> list[ImportSummary]:
        return [import_street_crime(paths, progress=self.progress("police.uk crime"))]
