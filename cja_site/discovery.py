"""How search engines find things: the sitemap and robots.txt."""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control


@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /expert-group/members/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class SiteSitemap(sitemaps.Sitemap):
    """Absolute URLs from SITE_URL rather than the sites framework's placeholder domain."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class StaticSitemap(SiteSitemap):
    """The home page and the lists: changed when the newest thing they show last changed."""

    changefreq = "weekly"

    def items(self):
        campaigns = _latest_change(_campaigns())
        publications = _latest_change(_publications())
        home = max(filter(None, [campaigns, publications]), default=None)
        return [("home", home), ("campaigns:list", campaigns), ("publications:list", publications)]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


class PublishableSitemap(SiteSitemap):
    def __init__(self, queryset_function):
        self.queryset_function = queryset_function

    def items(self):
        return self.queryset_function().only("slug", "updated_at", "publish_at").order_by("pk")

    def lastmod(self, item):
        # A scheduled item changed for visitors when it went public, after its last edit.
        return max(item.updated_at, item.publish_at or item.updated_at)


def _latest_change(queryset) -> datetime | None:
    latest = queryset.aggregate(edited=Max("updated_at"), published=Max("publish_at"))
    return max(filter(None, latest.values()), default=None)


def _pages():
    from .models import Page

    return Page.objects.published()


def _campaigns():
    from campaigns.selectors import campaigns_published

    return campaigns_published()


def _publications():
    from publications.selectors import publications_published

    return publications_published()


class SeriesSitemap(SiteSitemap):
    def items(self):
        from publications.selectors import series_with_public_parts

        return series_with_public_parts().only("slug").order_by("pk")


SITEMAPS = {
    "static": StaticSitemap,
    "pages": PublishableSitemap(_pages),
    "campaigns": PublishableSitemap(_campaigns),
    "publications": PublishableSitemap(_publications),
    "series": SeriesSitemap,
}
