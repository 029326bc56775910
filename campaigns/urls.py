from django.urls import path

from . import feeds, views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("feed/", feeds.CampaignsFeed(), name="feed"),
    path("feed/atom/", feeds.CampaignsAtomFeed(), name="feed-atom"),
    path("<slug:slug>/", views.campaign_detail, name="detail"),
]
