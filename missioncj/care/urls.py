from django.urls import path

from missioncj.care import views

app_name = "care"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("participants/<uuid:public_id>/contacts/new/", views.log_contact, name="log_contact"),
    path(
        "participants/<uuid:public_id>/contacts/<uuid:contact_id>/edit/",
        views.edit_draft,
        name="edit_draft",
    ),
    path(
        "participants/<uuid:public_id>/contacts/<uuid:contact_id>/addenda/",
        views.add_addendum,
        name="add_addendum",
    ),
]
