"""Import benchmark: time each real file's import and print rows per second.

Baseline measured in the same run: reading and parsing the same file with the csv module
alone (no validation, no database), so the figures show what the importer adds.

    .venv/bin/python bench/import.py [--data ../shared/data] [--england]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", default=os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data")
    )
    parser.add_argument(
        "--england", action="store_true", help="also the England-wide GIAS and IoD files"
    )
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "gias").is_dir():
        print(f"No real extracts at {data}: nothing to benchmark.")
        return 0
    tmp = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    from saferschools.estate import importers as im

    call_command("migrate", verbosity=0)
    files = [
        (
            "force areas",
            data / "force" / "kent_police_areas.csv",
            "utf-8",
            lambda p: im.import_force_areas(p),
        ),
        (
            "IoD2019 Kent & Medway",
            data / "iod2019" / "iod2019_ranks_deciles_kent_medway_lsoa.csv",
            "utf-8",
            lambda p: im.import_iod(p),
        ),
        (
            "LSOA centroids",
            data / "lookups" / "lsoa11_kent_medway_centroids.csv",
            "utf-8",
            lambda p: im.import_lsoa_centroids(p),
        ),
        (
            "Census 2021",
            data / "census2021" / "census2021_usual_residents_by_age_kent_medway_lsoa21.csv",
            "utf-8",
            lambda p: im.import_census_age(p),
        ),
        (
            "GIAS Kent & Medway",
            data / "gias" / "edubase_kent_medway_20250524.csv",
            "cp1252",
            lambda p: im.import_gias(p),
        ),
        (
            "stop and search",
            data / "policeuk" / "2016-11-kent-stop-and-search.csv",
            "utf-8",
            lambda p: im.import_stop_search([p]),
        ),
    ]
    if args.england:
        files += [
            (
                "IoD2019 England",
                data / "iod2019" / "iod2019_ranks_deciles_england_lsoa.csv",
                "utf-8",
                lambda p: im.import_iod(p),
            ),
            (
                "GIAS England",
                data / "gias" / "edubase_england_20250524.csv",
                "cp1252",
                lambda p: im.import_gias(p),
            ),
        ]
    print(
        f"{'file':<24}{'rows':>8}{'csv only (rows/s)':>20}{'import (rows/s)':>18}{'re-import (rows/s)':>20}"
    )
    for label, path, enc, run in files:
        t = time.perf_counter()
        with open(path, encoding=enc, newline="") as f:
            n = sum(1 for _ in csv.reader(f)) - 1
        base = n / (time.perf_counter() - t)
        t = time.perf_counter()
        first = run(path)
        first_rate = first.read / (time.perf_counter() - t)
        t = time.perf_counter()
        again = run(path)
        again_rate = again.read / (time.perf_counter() - t)
        assert again.created == 0, f"{label}: re-import created rows"
        print(f"{label:<24}{n:>8,}{base:>20,.0f}{first_rate:>18,.0f}{again_rate:>20,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
