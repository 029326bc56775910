"""The directory in the sitemap: its home, the map, every area, the signposting
pages and every public service. The choose-your-area page and the withdrawn-postcode page only
answer a postcode, so they stay out (and say noindex)."""

from django.urls import reverse

from publishing.sitemaps import PublishableSitemap, SiteSitemap, latest_change

from .models import Area
from .selectors import ELSEWHERE_TERMINATED, services_published
from .views import ELSEWHERE_PAGES


class DirectoryPagesSitemap(SiteSitemap):
    """The home, the map and the signposting pages: they show the services as they stand."""

    changefreq = "weekly"

    def items(self):
        changed = latest_change(services_published())
        names = [("directory:home", {}), ("directory:map", {})]
        names += [
            ("directory:elsewhere", {"slug": slug})
            for slug in ELSEWHERE_PAGES
            if slug != ELSEWHERE_TERMINATED
        ]
        return [(name, kwargs, changed) for name, kwargs in names]

    def location(self, item):
        return reverse(item[0], kwargs=item[1])

    def lastmod(self, item):
        return item[2]


class AreaSitemap(SiteSitemap):
    """Police force areas and the local authority districts within them: an area's page
    changes when the services change."""

    changefreq = "weekly"

    def items(self):
        self.services_changed = latest_change(services_published())
        return Area.objects.only("gss_code").order_by("kind", "name")

    def lastmod(self, item):
        return self.services_changed


class ServiceSitemap(PublishableSitemap):
    def published(self):
        return services_published()
