from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "saferschools.frontdoor"
    label = "frontdoor"
