from typing import Any

from saferschools.estate.importers import ImportSummary, import_force_areas, import_lsoa_centroids

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import the force's areas (force, area, district_code, district_name) or LSOA centroids."
    source_label = "force areas file"

    def run_import(self, paths: list[str], **o: Any) -> list[ImportSummary]:
        out = []
        for p in paths:
            if "centroid" in p.lower():
                out.append(import_lsoa_centroids(p))
            else:
                out.append(import_force_areas(p))
        return out
