"""The `saferschools` command line: Django's management commands behind one name.

saferschools load-area --data ../shared/data
saferschools plan --officers 70 --sergeants 6 --json plan.json
saferschools runserver
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if args:
        args[0] = "saferschools"
    execute_from_command_line(args)
    return 0
