from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "missioncj.linkage"
    label = "linkage"

    def ready(self) -> None:
        from missioncj.linkage import wiring

        wiring.connect()
