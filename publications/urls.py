from django.urls import path

from . import feeds, views

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("feed/", feeds.PublicationsFeed(), name="feed"),
    path("feed/atom/", feeds.PublicationsAtomFeed(), name="feed-atom"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("<slug:slug>/", views.publication_detail, name="detail"),
    path("<slug:slug>/cite.ris", views.publication_citation, {"style": "ris"}, name="cite-ris"),
    path("<slug:slug>/cite.bib", views.publication_citation, {"style": "bibtex"}, name="cite-bib"),
    path("<slug:slug>/documents/<int:pk>/", views.attachment_download, name="attachment"),
]
