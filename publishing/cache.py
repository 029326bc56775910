"""The anonymous page cache: public pages are rendered once and served from the cache.

Only visitors with no session or messages cookie get (and fill) the cache; anyone signed in,
and every staff preview, is served fresh with `Cache-Control: private`. Publishing anything
bumps a version number that every key includes, so the whole cache turns over at once.
Nothing is kept (here, or by a browser or CDN) past the next scheduled publication, so a
scheduled item is on every list the moment its time comes.
"""

import hashlib
import time
import uuid
from datetime import datetime
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .models import Status, publishable_models

VERSION_KEY = "public-pages:version"
NOTHING_SCHEDULED = "nothing"


def public_pages_invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _next_scheduled(version: str, *, after: datetime) -> datetime | None:
    """When the next scheduled item goes public: remembered per version (a new schedule bumps it)."""
    key = f"public-pages:{version}:next-scheduled"
    upcoming = cache.get(key)
    if upcoming == NOTHING_SCHEDULED:
        return None
    if upcoming is None or upcoming <= after:
        upcoming = _next_scheduled_query(after=after)
        cache.set(key, upcoming or NOTHING_SCHEDULED, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return upcoming


def _next_scheduled_query(*, after: datetime) -> datetime | None:
    times = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=after)
        .values_list("publish_at", flat=True)
        .order_by()
        for model in publishable_models()
    ]
    if not times:
        return None
    # One query for every publishable model: the soonest future publish_at of them all.
    return times[0].union(*times[1:]).order_by("publish_at").first()


def _seconds_to_keep(version: str, *, rendered_from: datetime) -> int:
    """The usual cache time, cut short so nothing outlives the next scheduled publication."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    upcoming = _next_scheduled(version, after=rendered_from)
    if upcoming is not None:
        seconds = min(seconds, int((upcoming - timezone.now()).total_seconds()))
    return seconds


def public_content_cached(name: str, compute):
    """A value derived from public content, kept until the next publish (or the cache timeout)."""
    version = _version()
    key = f"public-content:{version}:{name}"
    value = cache.get(key)
    if value is None:
        started = timezone.now()
        value = compute()
        seconds = _seconds_to_keep(version, rendered_from=started)
        if seconds > 0:
            cache.set(key, value, timeout=seconds)
    return value


def _cache_key(request, params: tuple[str, ...], version: str) -> str:
    # Only the parameters the view reads: anything else (?utm_source=…) shares the entry.
    query = urlencode(
        sorted((name, value) for name in params for value in request.GET.getlist(name))
    )
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    return f"public-pages:{version}:{request.get_host()}:{digest}"


def _is_anonymous_visit(request) -> bool:
    # A session or a flash message means the page may differ for this visitor.
    cookie_names = (settings.SESSION_COOKIE_NAME, "messages")
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in cookie_names
    )


def _may_store(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (hasattr(request, "session") and request.session.modified)
    )


def public_page(view=None, *, params: tuple[str, ...] = ()):
    """Serve a public page from the cache to anonymous visitors, with CDN-friendly headers.

    `params` names the query parameters the view reads; the page is cached once per
    combination of their values.
    """
    if view is None:
        return partial(public_page, params=params)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _is_anonymous_visit(request):
            response = view(request, *args, **kwargs)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        version = _version()
        key = _cache_key(request, params, version)
        cached = cache.get(key)
        if cached is not None:
            response, expires_at = cached
            # Browsers and CDNs may keep it only as long as this cache still will.
            patch_cache_control(response, max_age=max(int(expires_at - time.time()), 0))
            return response
        started = timezone.now()
        response = view(request, *args, **kwargs)
        if _may_store(request, response):
            seconds = _seconds_to_keep(version, rendered_from=started)
            patch_cache_control(response, public=True, max_age=max(seconds, 0))
            patch_vary_headers(response, ["Cookie"])
            if seconds > 0:
                cache.set(key, (response, time.time() + seconds), timeout=seconds)
        return response

    return wrapped
