from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "saferschools.accounts"
    label = "accounts"
