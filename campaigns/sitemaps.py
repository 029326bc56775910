from publishing.sitemaps import PublishableSitemap

from .selectors import campaigns_published


class CampaignSitemap(PublishableSitemap):
    def published(self):
        return campaigns_published()
