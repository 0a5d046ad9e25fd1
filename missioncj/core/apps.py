from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "missioncj.core"
    label = "core"
