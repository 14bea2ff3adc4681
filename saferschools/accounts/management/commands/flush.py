"""Django's `flush`, able to empty the append-only audit table.

Wiping the whole database is the one deliberate operation allowed past the audit triggers
(test teardown uses it between transactional tests). Everything else is refused.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections

from saferschools.accounts.db import audit_unlocked


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with audit_unlocked(connection):
            return super().handle(**options)
