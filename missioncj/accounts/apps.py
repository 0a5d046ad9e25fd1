from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "missioncj.accounts"
    label = "accounts"

    def ready(self) -> None:
        from missioncj.accounts import signals  # noqa: F401  (sign-in events into the audit chain)
