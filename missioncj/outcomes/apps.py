from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "missioncj.outcomes"
    label = "outcomes"

    def ready(self) -> None:
        from missioncj.outcomes import wiring

        wiring.connect()
