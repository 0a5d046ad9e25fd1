from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "missioncj.notify"
    label = "notify"
