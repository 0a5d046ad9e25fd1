from missioncj.assessments.views import urlpatterns

app_name = "assessments"
__all__ = ["app_name", "urlpatterns"]
