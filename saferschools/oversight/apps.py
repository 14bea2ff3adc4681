from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "saferschools.oversight"
    label = "oversight"
