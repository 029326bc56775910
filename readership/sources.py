"""Where a reader came from, told by the Referer's host alone (never the rest of its address)."""

import functools
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict

from sitewide.site_url import (
    UPDATE_ABOUT_MAX,
    UPDATE_ABOUT_PARAMETER,
    UPDATE_EMAIL_PARAMETER,
    UPDATE_EMAIL_VALUE,
)

SEARCH = "search"
SOCIAL = "social"
EMAIL = "email"
DIRECT = "direct"
INTERNAL = "internal"
OTHER = "other"

SOURCE_LABELS = {
    SEARCH: "Search engines",
    SOCIAL: "Social media",
    EMAIL: "Email updates",
    DIRECT: "Direct (no referrer)",
    INTERNAL: "Within this site",
    OTHER: "Other sites",
}

# Registrable names (the part before the public suffix is enough to tell them apart).
SEARCH_NAMES = (
    "google",
    "bing",
    "duckduckgo",
    "ecosia",
    "yahoo",
    "yandex",
    "baidu",
    "qwant",
    "startpage",
    "kagi",
    "search.brave",
)
SOCIAL_NAMES = (
    "facebook",
    "fb",
    "instagram",
    "twitter",
    "x",
    "t",
    "linkedin",
    "lnkd",
    "bsky",
    "threads",
    "reddit",
    "youtube",
    "whatsapp",
    "mastodon",
)
# Mastodon and friends live on many hosts; these names and endings cover the common ones.
FEDIVERSE_HINTS = ("mastodon", "mstdn", ".social")

_GROUP = r"(?:campaign|topic):[0-9]{1,9}"
ABOUT_PATTERN = re.compile(rf"{_GROUP}(?:,{_GROUP}){{0,{UPDATE_ABOUT_MAX - 1}}}")
HOST_MAX_LENGTH = 253


def email_about(query: QueryDict) -> str:
    """What the update email a click came from was about ("campaign:12,topic:3"); empty when
    not said, or not in the form our emails write it (nothing else of the address is kept)."""
    about = query.get(UPDATE_ABOUT_PARAMETER, "")
    return about if ABOUT_PATTERN.fullmatch(about) else ""


def _matches(host: str, names: tuple[str, ...]) -> bool:
    # "www.google.co.uk" and "news.google.com" both hold the label "google".
    dotted = f".{host}."
    return any(f".{name}." in dotted for name in names)


@functools.cache
def _site_host_of(site_url: str) -> str:
    return (urlsplit(site_url).hostname or "").removeprefix("www.")


def _site_host() -> str:
    return _site_host_of(settings.SITE_URL)


def source_of(query_string: str, referer: str, host_header: str) -> tuple[str, str, str]:
    """The source class of a read, the referring host for other sites, and what the update
    email was about for a click from one."""
    # Most reads have no query string: no need to parse one.
    if query_string:
        try:
            query = QueryDict(query_string)
        except TooManyFieldsSent:
            query = QueryDict()
        if query.get(UPDATE_EMAIL_PARAMETER) == UPDATE_EMAIL_VALUE:
            return EMAIL, "", email_about(query)
    if not referer:
        return DIRECT, "", ""
    try:
        host = (urlsplit(referer).hostname or "").lower().removeprefix("www.")
    except ValueError:
        host = ""
    if not host:
        return DIRECT, "", ""
    own_host = host_header.split(":")[0].lower().removeprefix("www.")
    if host in (_site_host(), own_host):
        return INTERNAL, "", ""
    if _matches(host, SEARCH_NAMES):
        return SEARCH, "", ""
    if _matches(host, SOCIAL_NAMES) or any(hint in host for hint in FEDIVERSE_HINTS):
        return SOCIAL, "", ""
    return OTHER, host[:HOST_MAX_LENGTH], ""
