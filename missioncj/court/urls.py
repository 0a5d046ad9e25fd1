from missioncj.court.views import cases, conditions, hearings, phases, seats, testing

app_name = "court"
urlpatterns = [
    *cases.urlpatterns,
    *conditions.urlpatterns,
    *hearings.urlpatterns,
    *phases.urlpatterns,
    *testing.urlpatterns,
    *seats.urlpatterns,
]
