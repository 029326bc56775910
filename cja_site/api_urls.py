"""The API: /api/v1/ (read-only public content), the OpenAPI schema and its documentation."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from campaigns.api import CampaignViewSet
from directory.api import ApiRootWithoutSlash
from publications.api import PublicationViewSet, SeriesViewSet
from publishing.api import TopicViewSet

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("publications", PublicationViewSet, basename="publication")
router.register("topics", TopicViewSet, basename="topic")
router.register("series", SeriesViewSet, basename="series")

urlpatterns = [
    path("v1/", include(router.urls)),
    # Open Referral UK: the root at the API stub, with or without the slash.
    path("v1/directory", ApiRootWithoutSlash.as_view(), name="directory-api-stub"),
    path("v1/directory/", include("directory.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its start-up script from a URL, as the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
