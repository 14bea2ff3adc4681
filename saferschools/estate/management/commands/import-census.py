from typing import Any

from saferschools.estate.importers import ImportSummary, import_census_age

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import Census 2021 usual residents by LSOA (2021) and age group."
    source_label = "Census 2021 file"

    def run_import(self, paths: list[str], **o: Any) -> list[ImportSummary]:
        return [
            import_census_age(
                p, progress=self.progress("Census"), max_rejected=None if o["keep_going"] else 0
            )
            for p in paths
        ]
