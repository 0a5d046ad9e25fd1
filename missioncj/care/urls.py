from missioncj.care.views import (
    contacts,
    counseling,
    cti,
    curricula,
    groups,
    plans,
    safety,
    vocational,
)

app_name = "care"
urlpatterns = [
    *contacts.urlpatterns,
    *counseling.urlpatterns,
    *cti.urlpatterns,
    *curricula.urlpatterns,
    *groups.urlpatterns,
    *plans.urlpatterns,
    *safety.urlpatterns,
    *vocational.urlpatterns,
]
