from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **kwargs: Any) -> None:
    """The database cache (settings.CACHES) needs its table; `migrate` makes it (idempotent)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "missioncj.core"
    label = "core"

    def ready(self) -> None:
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="missioncj.cache")
