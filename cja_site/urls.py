from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("publications/", include("publications.urls")),
    path("expert-group/", include("expert_group.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/members/", include("expert_group.api_urls")),
    # Last, so that a page's slug never hides another route.
    path("<slug:slug>/", views.page_detail, name="page"),
]
