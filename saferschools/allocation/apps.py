from django.apps import AppConfig


class AllocationConfig(AppConfig):
    name = "saferschools.allocation"
    label = "allocation"
