from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "missioncj.interop"
    label = "interop"

    def ready(self) -> None:
        from missioncj.interop import wiring

        wiring.connect()
