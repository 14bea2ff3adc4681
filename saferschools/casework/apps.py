from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "saferschools.casework"
    label = "casework"

    def ready(self) -> None:
        from saferschools.core.records import record_written

        from .retention import on_record_written

        # The retention rules (casework's, for casework and engagement records) set the review
        # date of every tracked record written.
        record_written.connect(on_record_written, dispatch_uid="casework.retention")
