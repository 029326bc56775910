"""What every API view shares so that its answers match the OpenAPI schema: the error answers
each operation can give (always JSON), slug lookups that never reach the
database with a malformed slug, and URL fields that say null rather than "" when empty."""

import re

from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound

SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")

_DETAIL = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField()})

BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A query parameter or field is not valid: its name maps to a list of messages.",
)
FORBIDDEN = OpenApiResponse(
    _DETAIL, description="Not allowed: sign in as a member of the expert group."
)
NOT_FOUND = OpenApiResponse(_DETAIL, description="Nothing public at this address, or no such page.")
CONFLICT = OpenApiResponse(_DETAIL, description="The item's state does not allow this now.")
THROTTLED = OpenApiResponse(_DETAIL, description="Too many requests: try again later.")
UNAVAILABLE = OpenApiResponse(
    _DETAIL, description="The service is down for a moment: try again after Retry-After seconds."
)
# gunicorn answers this itself, in plain text, before the request reaches the site.
URI_TOO_LONG = OpenApiResponse(
    description="The request line (address and query string) is over 4,094 bytes."
)


class QuerySlugField(serializers.SlugField):
    """A slug in the query string, exactly: no surrounding whitespace trimmed away, and no
    trailing newline let through (a regex `$` allows one), as the schema's pattern says."""

    def __init__(self, **kwargs):
        super().__init__(trim_whitespace=False, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not SLUG.match(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class AutoSchema(SpectacularAutoSchema):
    """Documents the error statuses the stack gives (DRF, the outage handler, gunicorn), next
    to each operation's own answers."""

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if str(code) not in bodies:
                bodies[str(code)] = self._get_response_for_code(response, str(code))
        return bodies

    def _error_responses(self) -> dict:
        errors = {414: URI_TOO_LONG, 429: THROTTLED, 503: UNAVAILABLE}
        if self._is_list_view() or self.method != "GET":
            errors[400] = BAD_REQUEST
        if self._is_list_view() or "{" in self.path:
            errors[404] = NOT_FOUND  # no such item, or a page number past the end
        public = all(
            isinstance(permission, permissions.AllowAny)
            for permission in self.view.get_permissions()
        )
        if not public or self.method != "GET":
            errors[403] = FORBIDDEN  # not a member, or no CSRF token with a session
        return errors


def nullable_references(result, generator, request, public):
    """drf-spectacular's hook: a nullable nested object as OpenAPI 3.0.3 means it.

    drf-spectacular writes `{"allOf": [{"$ref": ...}], "nullable": true}`, but in 3.0.3
    `nullable` counts only beside a `type` in the same schema, so a strict validator refuses
    `null` there. `oneOf` the object or a typed null says the same thing, and holds.
    """

    def rewrite(node):
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: rewrite(value) for key, value in node.items()}
        if node.get("nullable") is True and "type" not in node and "allOf" in node:
            del node["nullable"]
            node["oneOf"] = [*node.pop("allOf"), TYPED_NULL]
        return node

    return rewrite(result)


TYPED_NULL = {"type": "object", "nullable": True, "enum": [None]}


def api_page_not_found(request, exception):
    """A 404 the URL patterns gave (e.g. /api/v1/members/meetings/-1/): JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


class SlugLookupMixin:
    """A detail view looked up by slug: anything that is not a slug is a 404 without a query
    (PostgreSQL refuses strings with NUL bytes outright)."""

    lookup_field = "slug"
    lookup_value_regex = "[^/]+"  # so a malformed slug gets this view's JSON 404

    def get_object(self):
        if not SLUG.match(self.kwargs.get(self.lookup_field, "")):
            raise NotFound("No such item.")
        return super().get_object()


class OptionalURLField(serializers.URLField):
    """A link that may be blank in the database: given as null, never as "" (not a URI)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None
