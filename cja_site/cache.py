"""The anonymous page cache: public pages are rendered once and served from the cache.

Only visitors with no session or messages cookie get (and fill) the cache; anyone signed in,
and every staff preview, is served fresh with `Cache-Control: private`. Publishing anything
bumps a version number that every key includes, so the whole cache turns over at once. A
scheduled item appears when its time has passed and the cached copy expires (at most
PUBLIC_PAGE_CACHE_SECONDS later).
"""

import hashlib
import uuid
from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSION_KEY = "public-pages:version"


def public_pages_invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def public_content_cached(name: str, compute):
    """A value derived from public content, kept until the next publish (or the cache timeout)."""
    key = f"public-content:{_version()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


def _cache_key(request, params: tuple[str, ...]) -> str:
    # Only the parameters the view reads: anything else (?utm_source=…) shares the entry.
    query = urlencode(
        sorted((name, value) for name in params for value in request.GET.getlist(name))
    )
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
    version = _version()
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
        key = _cache_key(request, params)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if _may_store(request, response):
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=seconds)
            patch_vary_headers(response, ["Cookie"])
            cache.set(key, response, timeout=seconds)
        return response

    return wrapped
