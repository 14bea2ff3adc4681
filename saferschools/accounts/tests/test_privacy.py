"""No child's name on any page the co-ordinator can reach; no trace of a child's words in a
dump of the database; field keys rotate; security headers; production settings pass
`check --deploy`."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import zlib
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models
from django.test import override_settings
from django.urls import reverse

from saferschools.accounts.audit import audit_record
from saferschools.accounts.choices import Role
from saferschools.core.fields import EncryptedTextField
from saferschools.core.services import notify

from .access_table import KINDS, SEEDED_CHILD_NAMES, rule_for
from .urlwalk import build_url, endpoints
from .world import build_world

CHILDS_WORDS = "He said the older boys made him carry a package to Gravesend"


def test_no_page_the_coordinator_can_reach_names_a_child(
    client, db, django_capture_on_commit_callbacks
):
    world = build_world()
    inside, outside = KINDS["young_person"].build(world)  # real children, in both schools
    with django_capture_on_commit_callbacks(execute=True):
        # The names also sit where a careless page could pick them up.
        audit_record(
            user=world.users[Role.INSPECTOR],
            action="view",
            obj=inside,
            details={"name": str(inside)},
        )
        notify(recipients=[world.users[Role.INSPECTOR]], subject=f"Concern about {inside}")
    coordinator = world.users[Role.COORDINATOR]
    client.force_login(coordinator)
    reached = []
    for endpoint in endpoints():
        rule = rule_for(endpoint.name)
        if rule is None or rule.method != "get" or Role.COORDINATOR not in rule.roles:
            continue
        if rule.gate_only:
            continue
        objs = KINDS[rule.needs].build(world) if rule.needs else (None,)
        for obj in objs:
            values = {p: getattr(obj, p) for p in endpoint.params} if obj is not None else {}
            url = build_url(endpoint, values)
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = readable_text(response)
            reached.append(url)
            for name in SEEDED_CHILD_NAMES:
                assert name not in body, f"{name!r} appears on {url} for the co-ordinator"
    assert len(reached) >= 8, reached
    # And the children's own pages are closed to the co-ordinator.
    for name in ("casework:young_person_detail", "casework:chronology"):
        assert client.get(reverse(name, args=[inside.pk])).status_code == 403


def readable_text(response) -> str:
    """The text a person could read in a response: HTML/JSON/CSV as is; a PDF's page content
    streams decompressed (reportlab writes page text as literal strings in them)."""
    content = b"".join(response) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        parts = []
        for raw in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
            data = raw.strip()
            if data.endswith(b"~>"):  # reportlab's ASCII85 wrapping
                data = base64.a85decode(data[:-2].replace(b"\n", b""), adobe=False)
            try:
                parts.append(zlib.decompress(data).decode("latin-1"))
            except zlib.error:
                parts.append(data.decode("latin-1"))
        assert parts, "a PDF with no content streams"
        return "\n".join(parts)
    return content.decode("utf-8")


@pytest.fixture
def probe_model(db):
    """A throwaway model with an encrypted field (beside casework's real ones)."""
    attrs = {
        "__module__": __name__,
        "body": EncryptedTextField(),
        "Meta": type("Meta", (), {"app_label": "accounts", "db_table": "accounts_zz_probe"}),
    }
    model = type("EncryptionProbe", (models.Model,), attrs)
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE accounts_zz_probe (id bigint PRIMARY KEY, body text NOT NULL)")
    yield model
    apps.all_models["accounts"].pop("encryptionprobe", None)
    apps.clear_cache()


def dump_database() -> str:
    """Every row of every table as text (what a stolen backup would show)."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    chunks = []
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            cur.execute(f"SELECT * FROM {q(table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cur.fetchall())
    return "\n".join(chunks)


def text_columns_containing(needle: str) -> list[str]:
    hits = []
    q = connection.ops.quote_name
    with connection.cursor() as cur:
        for table in connection.introspection.table_names():
            for col in connection.introspection.get_table_description(cur, table):
                cur.execute(f"SELECT {q(col.name)} FROM {q(table)}")  # noqa: S608
                if any(needle in str(v) for (v,) in cur.fetchall() if v is not None):
                    hits.append(f"{table}.{col.name}")
    return hits


def test_a_database_dump_shows_no_trace_of_a_childs_words(db, probe_model):
    from saferschools.casework.tests.helpers import ago, make_child, make_concern, make_world

    w = make_world()
    concern = make_concern(
        w,
        make_child(w),
        acting_user=w.dsl,
        category="cce",
        raised_at=ago(hours=1),
        risk_level=2,
        details=CHILDS_WORDS + " (details)",
        childs_words=CHILDS_WORDS,
    )
    probe_model.objects.create(id=1, body=CHILDS_WORDS)
    # Read back through the ORM: the words are there...
    assert type(concern).objects.get(pk=concern.pk).childs_words == CHILDS_WORDS
    assert probe_model.objects.get(pk=1).body == CHILDS_WORDS
    # ...but no column of any table, and no line of a full dump, holds them.
    for needle in (CHILDS_WORDS, "Gravesend", "older boys"):
        assert text_columns_containing(needle) == []
        assert needle not in dump_database()


def test_rotate_field_key_re_encrypts_every_encrypted_field(db, probe_model):
    from saferschools.core.fields import fernet

    with override_settings(FIELD_ENCRYPTION_KEYS=["old-key"]):
        probe_model.objects.create(id=1, body=CHILDS_WORDS)
        probe_model.objects.create(id=2, body="second")
    with override_settings(FIELD_ENCRYPTION_KEYS=["new-key", "old-key"]):
        out = StringIO()
        call_command("rotate-field-key", stdout=out)
        assert "accounts.EncryptionProbe: body: 2 values re-encrypted" in out.getvalue()
        assert "casework.Concern" in out.getvalue()  # found through the app registry
        assert fernet()  # new key set in use
    with override_settings(FIELD_ENCRYPTION_KEYS=["new-key"]):  # old key gone: still readable
        assert probe_model.objects.get(pk=1).body == CHILDS_WORDS
        out = StringIO()
        call_command("rotate-field-key", stdout=out)
        assert "body: 0 values re-encrypted" in out.getvalue()


def test_security_headers_on_pages_and_api(client, db):
    from saferschools.testing.builders import make_school, make_user

    school = make_school()
    client.force_login(make_user(Role.INSPECTOR))
    for url in (reverse("estate:school_detail", args=[school.pk]), "/api/me/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_production_settings_pass_check_deploy():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 30 + "-not-a-real-secret-but-long-enough-" + "z" * 20,
        "FIELD_ENCRYPTION_KEYS": "q2s8c1m0Yk5jJ8Yq3p8w7y6v5u4t3s2r1q0p9o8n7m4=",
        "AUDIT_HMAC_KEYS": "a-test-audit-key-that-is-long-enough-0123",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    # Every warning fails: security findings, and API-schema ones (an endpoint missing from
    # the OpenAPI schema is a broken contract for the API's users).
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    # check --deploy warns (security.W004/W005/W008/W012/W016...) when HSTS, its subdomains,
    # the SSL redirect or secure cookies are missing: none of those is in the output.
    assert "security." not in output
