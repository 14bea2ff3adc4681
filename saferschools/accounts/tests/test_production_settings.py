"""Production refuses to start without its secrets, and `check --deploy` fails naming what to
set (issue 12, item 2)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings

GOOD = {
    "SECRET_KEY": "s" * 30 + "-not-a-real-secret-but-long-enough-" + "z" * 20,
    "FIELD_ENCRYPTION_KEYS": "q2s8c1m0Yk5jJ8Yq3p8w7y6v5u4t3s2r1q0p9o8n7m4=",
    "AUDIT_HMAC_KEYS": "a-test-audit-key-that-is-long-enough-0123",
}
SECRETS = tuple(GOOD)


def check_deploy(**env: str) -> tuple[int, str]:
    base = {
        k: v for k, v in os.environ.items() if k not in SECRETS and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_production_refuses_to_start_without_any_of_its_secrets():
    code, output = check_deploy()
    assert code != 0
    assert "refuse to start" in output
    for name in SECRETS:
        assert "Set: " in output and name in output, name
    assert "Fernet.generate_key" in output  # says how to make one


def test_production_refuses_the_development_keys_from_the_repository():
    code, output = check_deploy(
        **{
            **GOOD,
            "FIELD_ENCRYPTION_KEYS": settings.DEV_FIELD_ENCRYPTION_KEY,
            "AUDIT_HMAC_KEYS": settings.DEV_AUDIT_HMAC_KEY,
        }
    )
    assert code != 0
    assert "FIELD_ENCRYPTION_KEYS" in output and "AUDIT_HMAC_KEYS" in output
    assert "SECRET_KEY (" not in output  # the one that was set properly is not named


def test_deploy_check_names_the_development_keys_under_any_settings():
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[settings.DEV_FIELD_ENCRYPTION_KEY],
        AUDIT_HMAC_KEYS=[],
        SECRET_KEY="dev-only-insecure-key",
    ):
        ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert {"saferschools.E001", "saferschools.E002", "saferschools.E003"} <= ids
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[GOOD["FIELD_ENCRYPTION_KEYS"]],
        AUDIT_HMAC_KEYS=[GOOD["AUDIT_HMAC_KEYS"]],
    ):
        ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert not {"saferschools.E001", "saferschools.E002"} & ids
