"""`check --deploy`: refuse the development secrets whatever the settings module.

Production settings already refuse to start without their secrets; these checks catch a
deployment that runs another settings module (or sets the development values explicitly)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secrets_are_not_the_development_ones(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    dev_field = getattr(settings, "DEV_FIELD_ENCRYPTION_KEY", None)
    if not settings.FIELD_ENCRYPTION_KEYS or dev_field in settings.FIELD_ENCRYPTION_KEYS:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS is the development key (or empty): children's records "
                "would be encrypted with a key published in the repository.",
                hint='Set FIELD_ENCRYPTION_KEYS to your own Fernet key(s): python -c "from '
                'cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"',
                id="saferschools.E001",
            )
        )
    keys = getattr(settings, "AUDIT_HMAC_KEYS", [])
    if not keys or getattr(settings, "DEV_AUDIT_HMAC_KEY", None) in keys:
        errors.append(
            Error(
                "AUDIT_HMAC_KEYS is the development key (or empty): anyone could recompute the "
                "audit chain after rewriting it.",
                hint="Set AUDIT_HMAC_KEYS to a secret of 32+ characters kept outside the "
                'database: python -c "import secrets; print(secrets.token_urlsafe(32))"',
                id="saferschools.E002",
            )
        )
    if str(settings.SECRET_KEY).startswith("dev-only-"):
        errors.append(
            Error(
                "SECRET_KEY is the development value.",
                hint="Set SECRET_KEY to at least 50 random characters.",
                id="saferschools.E003",
            )
        )
    return errors
