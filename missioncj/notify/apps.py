from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "missioncj.notify"
    label = "notify"

    def ready(self) -> None:
        from missioncj.care.alerts import register_provider
        from missioncj.court.hooks import on_docket_changed
        from missioncj.notify import alerts, planning, views  # noqa: F401 (views registers the panel)

        on_docket_changed(planning.on_docket_changed)
        register_provider(alerts.KIND, alerts.LABEL, alerts.unreachable_alerts)
        from missioncj.programs.hooks import ProgramLink, register_link

        register_link(ProgramLink("Reminders", "notify:program_reminders"))
