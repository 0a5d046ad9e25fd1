from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_name_index(using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    from missioncj.participants import name_index, search_index

    name_index.ensure(connections[using])
    search_index.ensure(connections[using])


class ParticipantsConfig(AppConfig):
    name = "missioncj.participants"
    label = "participants"

    def ready(self) -> None:
        # Once per migrate run: a later migration that rebuilds the SQLite table drops the
        # triggers that keep the duplicate-search index in step, and the search indexes.
        post_migrate.connect(
            _repair_name_index, sender=self, dispatch_uid="participants-name-index"
        )
