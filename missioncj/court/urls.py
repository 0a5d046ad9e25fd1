from missioncj.court.views import cases, hearings, phases, testing

app_name = "court"
urlpatterns = [
    *cases.urlpatterns,
    *hearings.urlpatterns,
    *phases.urlpatterns,
    *testing.urlpatterns,
]
