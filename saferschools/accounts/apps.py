from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saferschools.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401 - checks register themselves
        from .db import register_sqlite_function, reinstall_after_migrate

        connection_created.connect(register_sqlite_function, dispatch_uid="accounts_sqlite_fn")
        post_migrate.connect(reinstall_after_migrate, sender=self, dispatch_uid="accounts_triggers")
        signals.connect_axes()
        signals.connect_account_net()
