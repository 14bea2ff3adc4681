from typing import Any

from saferschools.estate.importers import ImportSummary, import_iod

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import IoD2019 LSOA ranks and deciles (extract or official MHCLG column names)."
    source_label = "IoD2019 file"

    def run_import(self, paths: list[str], **o: Any) -> list[ImportSummary]:
        return [
            import_iod(
                p, progress=self.progress("IoD2019"), max_rejected=None if o["keep_going"] else 0
            )
            for p in paths
        ]
