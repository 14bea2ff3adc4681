"""Test settings: fast hashing, no throttling surprises, in-memory mail.

Two-factor is off here so `client.force_login(user)` and the real sign-in form work for every
role; tests of two-factor turn it on with override_settings(OTP_REQUIRED_FOR_POLICE=True)
and sign police users in with `saferschools.testing.builders.verified_login`.
"""

import os

from .base import *  # noqa: F403
from .base import REST_FRAMEWORK

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MESSAGES_BACKEND = "email"  # through locmem: tests read django.core.mail.outbox
MESSAGES_RETRY_SECONDS = 0.0
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "10000/minute"},
}

OTP_REQUIRED_FOR_POLICE = False

# Jobs run in the test process when their transaction commits (tests that need a real worker
# process start one: saferschools/core/tests/test_worker.py).
# (A test that runs a real worker starts its processes with CELERY_TASK_ALWAYS_EAGER=0 and a
# CELERY_BROKER_URL of its own.)
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "1") == "1"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "memory://")

# Anchors only where a test asks for them (tmp_path), never into the project's var/.
AUDIT_ANCHOR_FILE = ""
AUDIT_HMAC_KEYS = ["test-audit-key-0123456789abcdef0123456789"]
