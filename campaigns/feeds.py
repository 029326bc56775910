from django.conf import settings
from django.utils.feedgenerator import Atom1Feed

from sitewide.site_url import SiteFeed

from .selectors import campaigns_published


class CampaignsFeed(SiteFeed):
    title = f"{settings.SITE_NAME}: campaigns"
    list_url_name = "campaigns:list"
    feed_url_name = "campaigns:feed"
    description = "What we are campaigning for, and how each campaign is going."

    def items(self):
        return campaigns_published().order_by("-updated_at")[:30]

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return item.public_since

    def item_updateddate(self, item):
        return max(item.updated_at, item.public_since)

    def item_author_name(self, item):
        return settings.SITE_NAME


class CampaignsAtomFeed(CampaignsFeed):
    feed_type = Atom1Feed
    feed_url_name = "campaigns:feed-atom"
    subtitle = CampaignsFeed.description
