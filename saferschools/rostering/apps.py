from django.apps import AppConfig


class RosteringConfig(AppConfig):
    name = "saferschools.rostering"
    label = "rostering"
