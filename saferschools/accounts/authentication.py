"""API token authentication: `Authorization: Token <key>`, for tokens with a lifetime.

Business rule: a token works until the first of: its expiry (API_TOKEN_LIFETIME_HOURS after
issue), API_TOKEN_IDLE_MINUTES without use (the web session's idle rule), revocation, or its
user being disabled. Each use records when and from where (written at most once a minute).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .audit import client_ip


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def idle_limit() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "API_TOKEN_IDLE_MINUTES", 15)))


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=int(getattr(settings, "API_TOKEN_LIFETIME_HOURS", 12)))


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's `Token` header, checked against `ApiToken` (hashed keys, expiry, idle, revoke)."""

    def authenticate(self, request: Any) -> Any:
        self._request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key: str) -> Any:
        from .models import ApiToken

        token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if now >= token.expires_at:
            raise exceptions.AuthenticationFailed(
                "This token has expired: make a new one on your account page."
            )
        if now - (token.last_used_at or token.created_at) > idle_limit():
            raise exceptions.AuthenticationFailed(
                "This token was unused for too long and has ended: make a new one on your "
                "account page."
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        if token.last_used_at is None or now - token.last_used_at > dt.timedelta(seconds=60):
            ip = client_ip(getattr(self, "_request", None))
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=ip)
        return (token.user, token)
