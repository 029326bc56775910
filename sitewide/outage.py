"""When the database cannot be reached: what that means, and a short 503 that asks people to
come back soon.

Anonymous visitors still get pages from the page cache; everything else answers 503 with
`Retry-After` instead of a 500, and the site recovers by itself once the database is back
(Django drops a broken connection at the end of each request). The page is rendered without
the request, so no context processor can reach for the database again. Views that handle an
outage themselves (the contact form gives a visitor their words back) use the same check.
"""

import sys

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

RETRY_AFTER_SECONDS = 120
# Django wraps the driver's errors in its own; a pool timeout is a driver OperationalError.
DATABASE_UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from, means the database cannot be reached."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def outage_headers(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


MESSAGE = "We are having trouble at the moment. Please try again in a few minutes."


def database_outage_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    return outage_headers(response)


def server_error(request):
    """The site's handler500. Django calls it inside its `except` block, so the error that
    brought us here is still `sys.exc_info()`, wherever it was raised (view or middleware)."""
    if database_unavailable(sys.exc_info()[1]):
        return database_outage_response(request)
    return defaults.server_error(request)
