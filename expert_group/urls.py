from .urls_meetings import urlpatterns as meeting_urlpatterns

app_name = "expert_group"

urlpatterns: list = [*meeting_urlpatterns]
