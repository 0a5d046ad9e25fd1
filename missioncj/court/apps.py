from importlib import import_module

from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "missioncj.court"
    label = "court"

    def ready(self) -> None:
        from missioncj.court.views import AREAS

        # Each area registers its participant-page panels (and work-queue kinds) on import.
        for area in AREAS:
            import_module(f"missioncj.court.views.{area}")
        from missioncj.programs.hooks import ProgramLink, register_link

        register_link(ProgramLink("Courts", "court:courts"))
        register_link(ProgramLink("Random tests today", "court:calls_today"))
        register_link(ProgramLink("Incentives and sanctions", "court:program_responses"))
