from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "missioncj.participants"
    label = "participants"
