"""schema.org data that every kind of content shares."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from sitewide.site_url import absolute_url

DEFAULT_IMAGE = "img/og-default.png"


def organisation_json_ld() -> dict:
    """The charity as author and publisher of what it publishes."""
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL}


def home_json_ld() -> dict:
    """The charity and its website, for the home page: who publishes here, and its search."""
    organisation = {
        **organisation_json_ld(),
        "@id": settings.SITE_URL + "/#organization",
        "logo": absolute_url(static(DEFAULT_IMAGE)),
    }
    website = {
        "@type": "WebSite",
        "@id": settings.SITE_URL + "/#website",
        "name": settings.SITE_NAME,
        "url": settings.SITE_URL + "/",
        "inLanguage": "en-GB",
        "publisher": {"@id": organisation["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute_url(reverse("search:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    return {"@context": "https://schema.org", "@graph": [organisation, website]}


def image_json_ld(item) -> str:
    """The image shared with a link to the item (as og:image): its own, or the site's."""
    if item.social_image:
        return absolute_url(item.social_image.url)
    return absolute_url(static(DEFAULT_IMAGE))
