from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("publications/", views.follow_publications, name="follow-publications"),
    path("campaigns/<slug:slug>/", views.follow_campaign, name="follow-campaign"),
    path("topics/<slug:slug>/", views.follow_topic, name="follow-topic"),
    path("check-your-email/", views.check_email, name="check-email"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
