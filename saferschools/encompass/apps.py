from django.apps import AppConfig


class EncompassConfig(AppConfig):
    name = "saferschools.encompass"
    label = "encompass"
    verbose_name = "Operation Encompass"

    def ready(self) -> None:
        from saferschools.core.subject_access import register

        from .selectors import subject_access_sections

        register(subject_access_sections)
