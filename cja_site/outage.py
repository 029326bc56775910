"""When the database cannot be reached: a short 503 page that asks people to come back soon.

Anonymous visitors still get pages from the page cache; everything else answers 503 with
`Retry-After` instead of a 500, and the site recovers by itself once the database is back
(Django drops a broken connection at the end of each request). The page is rendered without
the request, so no context processor can reach for the database again.
"""

import sys

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

from publishing.outage import database_unavailable, outage_headers

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
