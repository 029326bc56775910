"""The site's own entries in the sitemap: the home page, the lists and the pages."""

from django.urls import reverse

from campaigns.selectors import campaigns_published
from publications.selectors import publications_published
from publishing.sitemaps import PublishableSitemap, SiteSitemap, latest_change

from .models import Page


class StaticSitemap(SiteSitemap):
    """The home page and the lists: changed when the newest thing they show last changed."""

    changefreq = "weekly"

    def items(self):
        campaigns = latest_change(campaigns_published())
        publications = latest_change(publications_published())
        home = max(filter(None, [campaigns, publications]), default=None)
        return [
            ("home", home),
            ("campaigns:list", campaigns),
            ("publications:list", publications),
            # Forms and the group's page: no content date to go by.
            ("contact:form", None),
            ("expert_group:group", None),
        ]

    def location(self, item):
        return reverse(item[0])

    def lastmod(self, item):
        return item[1]


class PageSitemap(PublishableSitemap):
    def published(self):
        return Page.objects.published()
