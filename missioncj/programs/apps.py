from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "missioncj.programs"
    label = "programs"
