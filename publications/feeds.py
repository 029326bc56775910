from datetime import datetime, time

from django.conf import settings
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from sitewide.site_url import SiteFeed

from .selectors import publication_list


class PublicationsFeed(SiteFeed):
    title = f"{settings.SITE_NAME}: publications"
    list_url_name = "publications:list"
    feed_url_name = "publications:feed"
    description = "Our latest briefings, reports and consultation responses."

    def items(self):
        return publication_list()[:30]

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        """The publication's own date (its first moment, so never in the future on the day),
        or when it went public on the site if that came first (an item dated ahead)."""
        dated = timezone.make_aware(datetime.combine(item.published_on, time.min))
        return min(dated, item.public_since)

    def item_updateddate(self, item):
        return max(item.updated_at, self.item_pubdate(item))

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_author_name(self, item):
        return item.authors or settings.SITE_NAME


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed
    feed_url_name = "publications:feed-atom"
    subtitle = PublicationsFeed.description
