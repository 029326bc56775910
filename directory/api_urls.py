"""The Open Referral UK API's addresses: the standard's own paths, with no trailing slash."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from . import api

app_name = "directory-api"

urlpatterns = [
    path("", api.ApiRoot.as_view(), name="root"),
    path("services", api.ServiceList.as_view(), name="services"),
    path("services/<str:id>", api.ServiceDetail.as_view(), name="service"),
    path("taxonomies", api.TaxonomyList.as_view(), name="taxonomies"),
    path("taxonomies/<str:id>", api.TaxonomyDetail.as_view(), name="taxonomy"),
    path("taxonomy_terms", api.TaxonomyTermList.as_view(), name="taxonomy-terms"),
    path("taxonomy_terms/<str:id>", api.TaxonomyTermDetail.as_view(), name="taxonomy-term"),
    path("organizations", api.OrganizationList.as_view(), name="organizations"),
    path("organizations/<str:id>", api.OrganizationDetail.as_view(), name="organization"),
    path("service_at_locations", api.ServiceAtLocationList.as_view(), name="service-at-locations"),
    path(
        "service_at_locations/<str:id>",
        api.ServiceAtLocationDetail.as_view(),
        name="service-at-location",
    ),
    # The addresses of the services before the API followed the standard's paths.
    re_path(
        r"^services/$",
        RedirectView.as_view(
            pattern_name="directory-api:services", permanent=True, query_string=True
        ),
        name="services-old",
    ),
    re_path(
        r"^services/(?P<id>[^/]+)/$",
        RedirectView.as_view(pattern_name="directory-api:service", permanent=True),
        name="service-old",
    ),
]
