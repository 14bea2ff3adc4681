from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "saferschools.workforce"
    label = "workforce"
