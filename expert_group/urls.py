from .urls_access import urlpatterns as access_urlpatterns

app_name = "expert_group"

urlpatterns = [*access_urlpatterns]
