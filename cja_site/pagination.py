"""The API's pages (a module of its own: DRF imports it while building its generic views)."""

from urllib.parse import urlsplit, urlunsplit

from rest_framework import pagination

from .site_url import absolute_url


class PageNumberPagination(pagination.PageNumberPagination):
    """Next and previous links start with SITE_URL, whatever Host the request came with."""

    def get_next_link(self):
        return _from_site_url(super().get_next_link())

    def get_previous_link(self):
        return _from_site_url(super().get_previous_link())


def _from_site_url(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")))
