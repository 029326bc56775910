"""The site's one public address, SITE_URL, for every absolute link the site gives out.

Left alone, Django builds absolute links from the sites framework (a database row that starts
as `example.com`) or from the request's Host header and scheme; neither is the address
visitors should be sent to.
"""

from io import StringIO
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import DEFAULT_DB_ALIAS
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape


def absolute_url(path: str) -> str:
    """`path` ("/publications/…", with any query) on SITE_URL."""
    return settings.SITE_URL + path


# What links in update emails carry, read back by readership/sources.py: the kind of email and
# what it was about ("campaign:12", "topic:3"), the same for every recipient, never the person.
UPDATE_EMAIL_PARAMETER = "src"
UPDATE_EMAIL_VALUE = "update"
UPDATE_ABOUT_PARAMETER = "about"
UPDATE_ABOUT_MAX = 8


def update_email_url(path: str, *, about: list[str]) -> str:
    """`path` on SITE_URL as an update email links to it: "…?src=update&about=campaign:12"."""
    query = {UPDATE_EMAIL_PARAMETER: UPDATE_EMAIL_VALUE}
    if about:
        query[UPDATE_ABOUT_PARAMETER] = ",".join(about[:UPDATE_ABOUT_MAX])
    return absolute_url(f"{path}?{urlencode(query, safe=':,')}")


def site_hostname() -> str:
    """SITE_URL's host name, without port ("example.org"): for Message-IDs, UIDs and List-Ids."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def on_site_url(url: str) -> str:
    """`url` moved onto SITE_URL, whatever host it was built with: a library that builds links
    from the request's Host header (which anyone can set) must never send a reset link to a
    host the sender chose."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return absolute_url(path + (f"#{parts.fragment}" if parts.fragment else ""))


class RssProfileFeed(Rss201rev2Feed):
    """RSS 2.0 written as the RSS Profile asks: "&" and "<" in text as hexadecimal character
    references, the only way an RSS reader can tell a plain-text title from HTML."""

    def write(self, outfile, encoding):
        written = StringIO()
        super().write(written, encoding)
        # The serializer writes every "&" and "<" of the content as "&amp;" and "&lt;" (never
        # raw), so these two strings are only ever those escapes.
        outfile.write(written.getvalue().replace("&amp;", "&#x26;").replace("&lt;", "&#x3C;"))


class SiteFeed(Feed):
    """A feed whose links, guids and ids all start with SITE_URL (scheme and port included).

    Django's feeds prefix relative links with the sites framework's domain and the request's
    scheme; an absolute link is left as it is. Each item's description is its plain-text
    summary, escaped into the HTML that both RSS and Atom (`type="html"`) carry there.
    """

    feed_type = RssProfileFeed
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

    def item_description(self, item):
        return escape(item.summary)


class ViewOnSiteFromSiteURL:
    """Admin mixin: "View on site" goes to SITE_URL, not through the sites framework's domain."""

    def view_on_site(self, obj):
        return absolute_url(obj.get_absolute_url())


def site_record_sync(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the sites framework's row say what SITE_URL says, for anything that still reads it."""
    # Looked up, not imported: this module is imported before the app registry is ready.
    site_model = apps.get_model("sites", "Site")
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )


def site_record_sync_after_migrate(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    site_record_sync(using=using)
