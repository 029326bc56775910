from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from campaigns.sitemaps import CampaignSitemap
from directory.sitemaps import AreaSitemap, DirectoryPagesSitemap, ServiceSitemap
from publications.sitemaps import PublicationSitemap, SeriesSitemap

from . import discovery, views
from .sitemaps import PageSitemap, StaticSitemap

# A database outage answers 503 with Retry-After; anything else, the usual 500 page.
handler500 = "sitewide.outage.server_error"
handler404 = "sitewide.api.api_page_not_found"

# The admin's own login would skip allauth's rate limits and MFA; send it through allauth's.
admin.site.login = secure_admin_login(admin.site.login)

SITEMAPS = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "campaigns": CampaignSitemap,
    "publications": PublicationSitemap,
    "series": SeriesSitemap,
    "directory": DirectoryPagesSitemap,
    "areas": AreaSitemap,
    "services": ServiceSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    # Staff alerts sent before contact messages had an app of their own link here.
    re_path(
        r"^admin/cja_site/contactmessage/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/contact/contactmessage/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("accounts/sessions/", include("signins.urls")),
    path("accounts/", include("allauth.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("publications/", include("publications.urls")),
    path("expert-group/", include("expert_group.urls")),
    path("find-restorative-justice/", include("directory.urls")),
    path("accessible-formats/", include("formats.urls")),
    path("updates/", include("subscriptions.urls")),
    path("exit/", include("exit_page.urls")),
    path("contact/", include("contact.urls")),
    path("search/", include("search.urls")),
    path("privacy/", include("readership.urls")),
    path("", include("publishing.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots-txt"),
    path("api/v1/members/", include("expert_group.api_urls")),
    path("api/", include("cja_site.api_urls")),
    # Last, so that a page's slug never hides another route.
    path("<slug:slug>/", views.page_detail, name="page"),
]
