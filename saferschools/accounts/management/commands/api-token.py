"""`saferschools api-token USERNAME`: issue an API token for an account from the server's
command line (scripts, the CI's API fuzzing). Prints the key once; audited like one made on
the account page."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from saferschools.accounts.models import User
from saferschools.accounts.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for USERNAME (its previous one is revoked); print the key once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        user = User.objects.filter(username=o["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account called {o['username']}.")
        token, key = api_token_issue(acting_user=user)
        if o["json"]:
            self.stdout.write(json.dumps({"key": key, "expires_at": token.expires_at.isoformat()}))
        else:
            self.stdout.write(key)
