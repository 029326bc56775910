"""The sites framework's row kept in step with SITE_URL (links themselves: publishing.site_url)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


def site_record_sync(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make the sites framework's row say what SITE_URL says, for anything that still reads it."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )


def site_record_sync_after_migrate(using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    site_record_sync(using=using)
