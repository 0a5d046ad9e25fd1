from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "missioncj.privacy"
    label = "privacy"

    def ready(self) -> None:
        from missioncj.privacy import wiring

        wiring.connect()
