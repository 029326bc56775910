"""The API's pagination (apart from api_common: DRF's generics import it while loading)."""

import re

from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """?page=1, 2, 3…: anything but digits is a 400 (an empty ?page= is not page 1)."""

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
