"""Reminder pages (under participants/ and programs/) and the SMS provider's webhooks (under
notify/); mounted at the site root."""

from django.urls import path

from missioncj.notify import views, webhooks

app_name = "notify"
urlpatterns = [
    path("participants/<uuid:public_id>/reminders/", views.reminders, name="reminders"),
    path(
        "participants/<uuid:public_id>/reminders/opt-out/", views.opt_out, name="reminders_opt_out"
    ),
    path(
        "programs/<uuid:program_id>/reminders/",
        views.program_reminders,
        name="program_reminders",
    ),
    path("notify/sms/inbound", webhooks.sms_inbound, name="sms_inbound"),
    path("notify/sms/status", webhooks.sms_status, name="sms_status"),
]
