from publishing.sitemaps import PublishableSitemap, SiteSitemap

from .selectors import publications_published, series_with_public_parts


class PublicationSitemap(PublishableSitemap):
    def published(self):
        return publications_published()


class SeriesSitemap(SiteSitemap):
    def items(self):
        return series_with_public_parts().only("slug").order_by("pk")
