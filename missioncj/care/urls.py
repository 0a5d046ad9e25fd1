from missioncj.care.views import contacts, cti, groups, plans, safety, vocational

app_name = "care"
urlpatterns = [
    *contacts.urlpatterns,
    *cti.urlpatterns,
    *groups.urlpatterns,
    *plans.urlpatterns,
    *safety.urlpatterns,
    *vocational.urlpatterns,
]
