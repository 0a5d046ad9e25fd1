from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "missioncj.demo"
    label = "demo"
