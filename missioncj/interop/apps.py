from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "missioncj.interop"
    label = "interop"
