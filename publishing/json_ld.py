"""schema.org data that every kind of content shares."""

from django.conf import settings


def organisation_json_ld() -> dict:
    """The charity as author and publisher of what it publishes."""
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL}
