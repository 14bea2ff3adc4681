"""Production: every secret from the environment; passes `manage.py check --deploy`.

Refuses to start (ImproperlyConfigured, naming each variable and how to make a value) without:
SECRET_KEY, FIELD_ENCRYPTION_KEYS (Fernet keys for children's free text) and AUDIT_HMAC_KEYS
(the audit chain's key). Never falls back to the development values in base.py.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEV_AUDIT_HMAC_KEY, DEV_FIELD_ENCRYPTION_KEY

DEBUG = False


def _secrets_missing() -> list[str]:
    from cryptography.fernet import Fernet

    missing = []
    secret = os.environ.get("SECRET_KEY", "")
    if len(secret) < 50 or secret.startswith("dev-only-"):
        missing.append(
            'SECRET_KEY (at least 50 random characters: python -c "import secrets; '
            'print(secrets.token_urlsafe(50))")'
        )
    field_keys = [k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k]
    bad = []
    for key in field_keys:
        try:
            Fernet(key)
        except ValueError:
            bad.append(key[:4] + "...")
    if not field_keys or DEV_FIELD_ENCRYPTION_KEY in field_keys or bad:
        missing.append(
            "FIELD_ENCRYPTION_KEYS (comma-separated Fernet keys, newest first, not the "
            "development key"
            + (f"; not valid Fernet keys: {', '.join(bad)}" if bad else "")
            + ': python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())")'
        )
    audit_keys = [k for k in os.environ.get("AUDIT_HMAC_KEYS", "").split(",") if k]
    if not audit_keys or DEV_AUDIT_HMAC_KEY in audit_keys or min(map(len, audit_keys)) < 32:
        missing.append(
            "AUDIT_HMAC_KEYS (comma-separated secrets of 32+ characters, newest first, kept "
            'outside the database: python -c "import secrets; print(secrets.token_urlsafe(32))")'
        )
    return missing


_missing = _secrets_missing()
if _missing:
    raise ImproperlyConfigured(
        "Production settings refuse to start without their secrets. Set: "
        + "; ".join(_missing)
        + ". See docs/security.md."
    )
SECRET_KEY = os.environ["SECRET_KEY"]

SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
OTP_REQUIRED_FOR_POLICE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ---------------------------------------------------------------- several machines (issue 17)
# Web and worker machines behind a load balancer share PostgreSQL and Redis; nothing is kept
# on one machine that another would need (docs/production.md). PostgreSQL: the embedded
# SQLite database serves one machine only.
# Keep database connections open between requests (each gunicorn thread holds one).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# One cache for every machine (rate limits, the public report's cache): Redis when given.
if os.environ.get("CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "KEY_PREFIX": "saferschools",
        }
    }
# Origins the browser posts from, when the site's name differs from the hosts above.
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.startswith("https://")
]
