from typing import Any

from django.core.management.base import BaseCommand

from saferschools.demo.area import demo_area_load


class Command(BaseCommand):
    help = "Load the synthetic demonstration area (for machines without the real extracts)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **o: Any) -> None:
        self.stdout.write(demo_area_load(seed=o["seed"]).as_text())
