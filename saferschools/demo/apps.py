from django.apps import AppConfig


class DemoConfig(AppConfig):
    verbose_name = "Demonstration area"
    name = "saferschools.demo"
    label = "demo"
