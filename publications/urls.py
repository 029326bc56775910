from django.urls import path

from . import feeds, views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("feed/", feeds.PublicationsFeed(), name="feed"),
    path("feed/atom/", feeds.PublicationsAtomFeed(), name="feed-atom"),
    path("<slug:slug>/", views.publication_detail, name="detail"),
    path("<slug:slug>/documents/<int:pk>/", views.attachment_download, name="attachment"),
]
