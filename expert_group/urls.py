from .urls_access import urlpatterns as access_urlpatterns
from .urls_meetings import urlpatterns as meeting_urlpatterns

app_name = "expert_group"

urlpatterns = [*access_urlpatterns, *meeting_urlpatterns]
