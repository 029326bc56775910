"""Emptying every cache as a test needs it: the next request renders afresh."""

from django.core.cache import caches

from publishing.cache import RECENT_PAGES


def every_cache_cleared() -> None:
    """Every configured cache emptied, the page cache's copies in this process's memory too."""
    for each in caches.all():
        each.clear()
    RECENT_PAGES.forget()
