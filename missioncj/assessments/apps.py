from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    """Load the shipped instrument definitions once the tables exist (every `migrate`, and the
    test database after it is created or flushed). Idempotent: unchanged definitions add
    nothing; a changed one becomes a new version."""
    from missioncj.assessments.services import sync_instruments

    if kwargs.get("using", "default") != "default":
        return
    sync_instruments()


class AssessmentsConfig(AppConfig):
    name = "missioncj.assessments"
    label = "assessments"

    def ready(self) -> None:
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="assessments.sync")
        from missioncj.assessments import (  # noqa: F401  (the views register their panels)
            alerts,
            schedule_views,
            views,
        )

        alerts.register()
        from missioncj.programs.hooks import ProgramLink, register_link

        register_link(ProgramLink("Assessment schedules", "assessments:schedules"))
        register_link(ProgramLink("Follow-up rate", "assessments:follow_up"))
        register_link(ProgramLink("Latest assessment bands", "assessments:bands"))
