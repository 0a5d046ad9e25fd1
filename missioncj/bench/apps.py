from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "missioncj.bench"
    label = "bench"
