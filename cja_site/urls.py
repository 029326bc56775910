from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import discovery, views

# A database outage answers 503 with Retry-After; anything else, the usual 500 page.
handler500 = "cja_site.outage.server_error"
handler404 = "cja_site.api_common.api_page_not_found"

# The admin's own login would skip allauth's rate limits and MFA; send it through allauth's.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("publications/", include("publications.urls")),
    path("expert-group/", include("expert_group.urls")),
    path("notifications/", include("notifications.urls")),
    path("updates/", include("subscriptions.urls")),
    path("contact/", views.contact, name="contact"),
    path("contact/thank-you/", views.contact_thank_you, name="contact-thank-you"),
    path("search/", discovery.search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": discovery.SITEMAPS}, name="sitemap"),
    path("robots.txt", discovery.robots_txt, name="robots-txt"),
    path("api/v1/members/", include("expert_group.api_urls")),
    path("api/", include("cja_site.api_urls")),
    # Last, so that a page's slug never hides another route.
    path("<slug:slug>/", views.page_detail, name="page"),
]
