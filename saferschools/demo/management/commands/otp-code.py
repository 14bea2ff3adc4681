"""`saferschools otp-code USERNAME`: the current two-factor code of a demo account.

Only for synthetic demo users (`is_synthetic`, made by `bootstrap`), and only when DEBUG is
on: a real account's code is never shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from saferschools.accounts.models import User
from saferschools.accounts.otp import confirmed_device, current_code


class Command(BaseCommand):
    help = "Print the current TOTP code of a synthetic demo account (development only)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **o: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("otp-code works only in development (DEBUG on).")
        user = User.objects.filter(username=o["username"]).first()
        if user is None or not user.is_synthetic:
            raise CommandError(f"{o['username']!r} is not a synthetic demo account.")
        device = confirmed_device(user)
        if device is None:
            raise CommandError(f"{user.username} has no two-factor device.")
        self.stdout.write(current_code(device))
