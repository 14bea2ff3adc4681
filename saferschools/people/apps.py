from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "saferschools.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .oidc import mark_sso_session

        user_logged_in.connect(mark_sso_session, dispatch_uid="people_mark_sso_session")
