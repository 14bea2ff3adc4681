from django.apps import AppConfig


class EncompassConfig(AppConfig):
    name = "saferschools.encompass"
    label = "encompass"
    verbose_name = "Operation Encompass"
