from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "missioncj.care"
    label = "care"

    def ready(self) -> None:
        from missioncj.care.timeline import contact_entries
        from missioncj.participants.timeline import register

        register(contact_entries)
