from saferschools.estate.importers import import_census_age

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import Census 2021 usual residents by LSOA (2021) and age group."
    source_label = "Census 2021 file"
    importer = staticmethod(import_census_age)
    progress_label = "Census"
