from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "missioncj.interop"
    label = "interop"

    def ready(self) -> None:
        from missioncj.core.exports import register_sender
        from missioncj.interop import reports
        from missioncj.interop.tables import export_response

        register_sender(export_response)
        reports.connect()
