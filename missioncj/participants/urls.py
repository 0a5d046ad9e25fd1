from django.urls import path

from missioncj.participants import duplicate_pairs, referral_matches, views

app_name = "participants"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("new/matches/", referral_matches.possible_matches, name="possible_matches"),
    path("duplicates/", duplicate_pairs.duplicate_pairs, name="duplicate_pairs"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/identifiers/add/", views.add_identifier, name="add_identifier"),
    path("<uuid:public_id>/phones/add/", views.add_phone, name="add_phone"),
    path("<uuid:public_id>/addresses/add/", views.add_address, name="add_address"),
    path("<uuid:public_id>/collaterals/add/", views.add_collateral, name="add_collateral"),
    path("<uuid:public_id>/episodes/new/", views.new_episode, name="new_episode"),
    path(
        "<uuid:public_id>/episodes/<uuid:episode_id>/team/",
        views.assign_team,
        name="assign_team",
    ),
    path(
        "<uuid:public_id>/episodes/<uuid:episode_id>/status/",
        views.change_status,
        name="change_status",
    ),
]
