from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Core"
    name = "saferschools.core"
    label = "core"

    def ready(self) -> None:
        # Each app registers its job kinds (and Celery tasks) in its `tasks.py`; import them
        # in every process, so the web can start a job the worker knows how to run. Each app
        # registers its home-page panels in its `home.py` (see `core.home`).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks", "home")
