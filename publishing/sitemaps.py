"""What every content app's sitemap shares; cja_site/urls.py puts the apps' sitemaps together."""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.db.models import Max, QuerySet


class SiteSitemap(sitemaps.Sitemap):
    """Absolute URLs from SITE_URL rather than the sites framework's placeholder domain."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class PublishableSitemap(SiteSitemap):
    """The public items of one publishable model: subclasses say which (`published`)."""

    def published(self) -> QuerySet:
        raise NotImplementedError

    def items(self):
        return self.published().only("slug", "updated_at", "publish_at").order_by("pk")

    def lastmod(self, item):
        # A scheduled item changed for visitors when it went public, after its last edit.
        return max(item.updated_at, item.publish_at or item.updated_at)


def latest_change(queryset: QuerySet) -> datetime | None:
    """When the newest of these items last changed for visitors (edited, or went public)."""
    latest = queryset.aggregate(edited=Max("updated_at"), published=Max("publish_at"))
    return max(filter(None, latest.values()), default=None)
