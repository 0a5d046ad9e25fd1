from missioncj.assessments import trend_views, views

app_name = "assessments"
urlpatterns = [*views.urlpatterns, *trend_views.urlpatterns]
__all__ = ["app_name", "urlpatterns"]
