from saferschools.estate.importers import import_iod

from ._base import ImportCommand


class Command(ImportCommand):
    help = "Import IoD2019 LSOA ranks and deciles (extract or official MHCLG column names)."
    source_label = "IoD2019 file"
    importer = staticmethod(import_iod)
    progress_label = "IoD2019"
