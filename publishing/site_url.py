"""The site's one public address, SITE_URL, for every absolute link content gives out.

Left alone, Django builds absolute links from the sites framework (a database row that starts
as `example.com`) or from the request's Host header and scheme; neither is the address
visitors should be sent to.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


class SiteFeed(Feed):
    """A feed whose links, guids and ids all start with SITE_URL (scheme and port included).

    Django's feeds prefix relative links with the sites framework's domain and the request's
    scheme; an absolute link is left as it is.
    """

    list_url_name: str
    feed_url_name: str
    # Atom requires an author for every entry; the feed's own covers any entry without one.
    author_name = settings.SITE_NAME

    def author_link(self):
        return absolute_url("/")

    def link(self):
        return absolute_url(reverse(self.list_url_name))

    def feed_url(self):
        return absolute_url(reverse(self.feed_url_name))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())


class ViewOnSiteFromSiteURL:
    """Admin mixin: "View on site" goes to SITE_URL, not through the sites framework's domain."""

    def view_on_site(self, obj):
        return absolute_url(obj.get_absolute_url())
