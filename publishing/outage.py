"""What "the database cannot be reached" means, and how an answer says "come back soon".

Shared by the site's 503 handler and by the views that handle an outage themselves (the
contact form gives a visitor their words back).
"""

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

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
