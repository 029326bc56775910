"""The API's pages (a module of its own: DRF imports it while building its generic views)."""

import re
from urllib.parse import urlsplit, urlunsplit

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

from .site_url import absolute_url


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=1, 2, 3…: anything but digits is a 400 (an empty ?page= is not page 1). Next and
    previous links start with SITE_URL, whatever Host the request came with."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param, "1")
        if not re.fullmatch(r"[0-9]{1,9}", number):
            raise ValidationError({self.page_query_param: ["Give a page number: 1, 2, 3…"]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] |= {"minimum": 1, "maximum": 999_999_999}
        return parameters

    def get_next_link(self):
        return _from_site_url(super().get_next_link())

    def get_previous_link(self):
        return _from_site_url(super().get_previous_link())


def _from_site_url(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, "")))
