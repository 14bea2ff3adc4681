from typing import Any

from django.core.management.base import BaseCommand

from saferschools.demo.bootstrap import bootstrap


class Command(BaseCommand):
    help = "Load an area (real extracts if found, else the synthetic demo), officers, a plan and demo sign-ins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data", help="folder of real extracts (default: ../shared/data)")

    def handle(self, *args: Any, **o: Any) -> None:
        bootstrap(self.stdout._out, data=o.get("data"))  # type: ignore[attr-defined]
