from importlib import import_module

from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "missioncj.care"
    label = "care"

    def ready(self) -> None:
        from missioncj.care.timeline import contact_entries
        from missioncj.care.views import AREAS
        from missioncj.participants.timeline import register

        register(contact_entries)
        from missioncj.care.curricula_seed import seed_curricula
        from missioncj.programs.hooks import register as on_program_created

        on_program_created(seed_curricula)  # every new program gets the default curricula
        # Each area registers its participant-page panels and timeline entries on import.
        for area in AREAS:
            import_module(f"missioncj.care.views.{area}")
