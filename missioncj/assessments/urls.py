from missioncj.assessments import schedule_views, trend_views, views

app_name = "assessments"
urlpatterns = [*views.urlpatterns, *trend_views.urlpatterns, *schedule_views.urlpatterns]
__all__ = ["app_name", "urlpatterns"]
