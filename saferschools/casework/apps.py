from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "saferschools.casework"
    label = "casework"
