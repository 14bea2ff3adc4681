from django.apps import AppConfig


class EstateConfig(AppConfig):
    name = "saferschools.estate"
    label = "estate"
