app_name = "expert_group"

urlpatterns: list = []
