"""Append-only audit log at the database level: triggers refusing UPDATE and DELETE on
accounts_auditentry (PostgreSQL and SQLite; other databases rely on the hash chain alone)."""

from django.db import migrations


def install(apps, schema_editor):
    from saferschools.accounts.db import install_triggers

    install_triggers(schema_editor.connection)


def remove(apps, schema_editor):
    from saferschools.accounts.db import drop_triggers

    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_flags_audit_user")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
