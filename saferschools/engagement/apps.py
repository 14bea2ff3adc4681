from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "saferschools.engagement"
    label = "engagement"
