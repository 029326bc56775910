"""The anonymous page cache: public pages are rendered once and served from the cache.

Only visitors with no session or messages cookie get (and fill) the cache; anyone signed in,
and every staff preview, is served fresh with `Cache-Control: private`. Publishing anything
bumps a version number; every cached page and fragment is stored with the version it was made
under and is only used while that is still the version, so the whole cache turns over at once.
Nothing is kept (here, or by a browser or CDN) past the next scheduled publication or take-down,
so a scheduled item is on every list the moment its time comes, and off them when it is taken down.

`PublicPageCacheMiddleware` answers a hit before the session, auth and messages middleware
run, with one cache round trip (the version and the page fetched together), or none while the
process's own copy is recent (`RecentPages`); `public_page` marks a view's pages as cacheable
and is the side that fills the cache.
"""

import contextvars
import hashlib
import math
import threading
import time
from datetime import datetime
from functools import lru_cache, partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import InvalidPage, Page, Paginator
from django.core.signals import setting_changed
from django.db.models import F
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.connection import ConnectionProxy

from sitewide.versioned_cache import VersionedCache

from .models import Status, publishable_models

# A cache of its own ("pages"): filling it evicts pages, never sessions, rate limits or tasks.
PAGES_CACHE_ALIAS = "pages"
cache = ConnectionProxy(caches, PAGES_CACHE_ALIAS)

VERSION_KEY = "public-pages:version"
NOTHING_SCHEDULED = "nothing"

# The version read during the current request, so a page and its fragments ask Redis once.
_request_version: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "public_pages_version", default=None
)


class RecentPages:
    """Pages this process answered lately, and the content its fresh pages were made from
    (`public_content_cached`), held in its memory and served without a round trip to the cache
    while the version they were made under was confirmed by the cache within
    `PUBLIC_PAGE_LOCAL_SECONDS`. This process's own publishes turn them over at once; another
    server's reach them within that time (the cache is confirmed again once it has passed)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        with self._lock:
            self._pages: dict[str, tuple] = {}
            self._confirmed: tuple[str | None, float] = (None, -math.inf)
            self._written_at = -math.inf

    def written(self, version: str) -> None:
        """This process made `version` the current one, just now."""
        self._written_at = time.monotonic()
        self._confirmed = (version, self._written_at)

    def confirm(self, version: str, *, asked_at: float) -> None:
        """The cache said `version` was current when asked at `asked_at` (time.monotonic()).
        An answer to a question asked before this process's own last write is out of date."""
        if asked_at >= self._written_at:
            self._confirmed = (version, asked_at)

    def page(self, key: str):
        version, confirmed_at = self._confirmed
        if time.monotonic() - confirmed_at >= settings.PUBLIC_PAGE_LOCAL_SECONDS:
            return None
        entry = self._pages.get(key)
        return entry if _current(entry, version) else None

    def keep(self, key: str, entry: tuple) -> None:
        with self._lock:
            self._pages.pop(key, None)
            self._pages[key] = entry
            while len(self._pages) > settings.PUBLIC_PAGE_LOCAL_PAGES:
                del self._pages[next(iter(self._pages))]


RECENT_PAGES = RecentPages()


class _PublicPagesCache(VersionedCache):
    def version_written(self, version: str) -> str:
        memo = _request_version.get()
        if memo is not None:
            memo["version"] = version
        written = super().version_written(version)
        RECENT_PAGES.written(version)
        return written


# Unreachable, a publish fails rather than carry on: its save could not turn the cache over, so
# once the cache answered again it would serve pages from before the change (a withdrawn page
# among them) until they expired.
PUBLIC_PAGES = _PublicPagesCache(
    version_key=VERSION_KEY, raise_when_unreachable=True, alias=PAGES_CACHE_ALIAS
)


def public_pages_invalidate() -> None:
    PUBLIC_PAGES.invalidate()


def _version() -> str | None:
    """The current version, asked of the cache once per request. None when the cache is
    unreachable: pages are then made afresh, and not stored."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    asked_at = time.monotonic()
    version = PUBLIC_PAGES.version()
    _remember(memo, version, asked_at)
    return version


def _fetch_with_version(key: str):
    """The cached value at `key` and the current version, in one round trip where possible."""
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return (PUBLIC_PAGES.get(key) if memo["version"] else None), memo["version"]
    asked_at = time.monotonic()
    value, version = PUBLIC_PAGES.fetch(key)
    _remember(memo, version, asked_at)
    return value, version


def _remember(memo: dict | None, version: str | None, asked_at: float) -> None:
    if memo is not None:
        memo["version"] = version
    if version is not None:
        RECENT_PAGES.confirm(version, asked_at=asked_at)


def _next_scheduled(version: str | None, *, after: datetime) -> datetime | None:
    """When the next scheduled item goes public or is taken down: remembered per version (a new
    schedule bumps it)."""
    if version is None:
        return _next_scheduled_query(after=after)
    key = f"public-pages:{version}:next-scheduled"
    upcoming = PUBLIC_PAGES.get(key)
    if upcoming == NOTHING_SCHEDULED:
        return None
    if upcoming is None or upcoming <= after:
        upcoming = _next_scheduled_query(after=after)
        PUBLIC_PAGES.store(key, upcoming or NOTHING_SCHEDULED, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return upcoming


def _next_scheduled_query(*, after: datetime) -> datetime | None:
    moments = [
        model.objects.filter(status=Status.PUBLISHED, **{f"{field}__gt": after})
        .annotate(moment=F(field))
        .values_list("moment", flat=True)
        .order_by()
        for model in publishable_models()
        for field in ("publish_at", "take_down_at")
    ]
    if not moments:
        return None
    # One query for every publishable model: the soonest future publication or take-down.
    return moments[0].union(*moments[1:]).order_by("moment").first()


def _seconds_to_keep(version: str | None, *, rendered_from: datetime) -> tuple[int, bool]:
    """The usual cache time, cut short so nothing outlives the next scheduled publication or
    take-down; and whether it was cut short."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    upcoming = _next_scheduled(version, after=rendered_from)
    if upcoming is not None:
        until_upcoming = int((upcoming - timezone.now()).total_seconds())
        if until_upcoming < seconds:
            return until_upcoming, True
    return seconds, False


def public_content_cached(name: str, compute):
    """A value derived from public content, kept until the next publish (or the cache timeout).

    `name` says what it is and everything it depends on (a query, a page number…); for anyone
    who may see drafts, compute it afresh instead.
    """
    key = "public-content:" + hashlib.sha256(name.encode()).hexdigest()
    # Held in this process's memory beside its pages, on the same terms (RecentPages): the
    # same value is then shared by the requests that use it, which only read it.
    held = RECENT_PAGES.page(key)
    if held is not None:
        return held[2]
    stored, version = _fetch_with_version(key)
    if version is None:
        return compute()
    # Stored with its own expiry, as pages are: it holds however the backend rounds a timeout.
    if stored is not None and len(stored) == 3 and stored[0] == version and stored[1] > time.time():
        RECENT_PAGES.keep(key, stored)
        return stored[2]
    started = timezone.now()
    value = compute()
    seconds, _ = _seconds_to_keep(version, rendered_from=started)
    if seconds > 0:
        entry = (version, time.time() + seconds, value)
        PUBLIC_PAGES.store(key, entry, seconds)
        RECENT_PAGES.keep(key, entry)
    return value


def page_or_404(paginator: Paginator, number: str | None) -> Page:
    """The page asked for; a 404 (never stored) for a page past the last, or a number not
    written plainly (`?page=01`), so made-up `?page=` values cannot fill the cache with copies
    of one page."""
    if number is None:
        number = "1"
    try:
        if number != str(int(number)):
            raise InvalidPage
        return paginator.page(number)
    except (InvalidPage, ValueError) as error:
        raise Http404("There is no such page of results.") from error


def page_detached(page: Page) -> Page:
    """The page with its rows fetched and its paginator cut loose from the query (one over a
    range as long), so that it can be cached without the query or the other pages' rows."""
    paginator = page.paginator
    detached = Paginator(
        range(paginator.count),
        paginator.per_page,
        orphans=paginator.orphans,
        allow_empty_first_page=paginator.allow_empty_first_page,
    )
    return Page(list(page.object_list), page.number, detached)


# ------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------
def _is_anonymous_visit(request) -> bool:
    # A session or a flash message means the page may differ for this visitor.
    cookie_names = (settings.SESSION_COOKIE_NAME, "messages")
    return request.method in ("GET", "HEAD") and not any(
        name in request.COOKIES for name in cookie_names
    )


def not_storable(response):
    """Mark an answer that must not go into the page cache, though it is a 200 (a view that
    cannot tell a bad value by its status). A 4xx or 5xx is never stored anyway."""
    response.public_page_not_storable = True
    return response


def _may_store(request, response) -> bool:
    return (
        response.status_code == 200
        and not getattr(response, "public_page_not_storable", False)
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (hasattr(request, "session") and request.session.modified)
    )


def _public_cache_control(response, seconds: int, *, cut_short: bool) -> None:
    response.headers["Cache-Control"] = _public_cache_control_value(seconds, cut_short=cut_short)


def _public_cache_control_value(seconds: int, *, cut_short: bool) -> str:
    """Browsers and CDNs may keep the page as long as this cache will. A CDN may go on serving
    it while it fetches a new copy, unless a scheduled publication is due."""
    seconds = max(seconds, 0)
    value = f"public, max-age={seconds}, s-maxage={seconds}"
    if not cut_short and settings.PUBLIC_PAGE_STALE_SECONDS:
        value += f", stale-while-revalidate={settings.PUBLIC_PAGE_STALE_SECONDS}"
    return value


def public_answer_cache_control(request, response) -> None:
    """Cache-Control for an anonymous answer that set none itself (feeds, the sitemap, the API,
    its schema and docs, error pages, thank-you pages): public answers for as long as the page
    cache would keep a page, errors briefly, anything else not at all."""
    if request.method not in ("GET", "HEAD"):
        patch_cache_control(response, no_store=True)
        return
    if response.cookies or _nonce_used(request):
        patch_cache_control(response, private=True, no_store=True)
        return
    status = response.status_code
    if status not in PUBLIC_STATUSES and status not in SHORT_LIVED_STATUSES:
        patch_cache_control(response, no_store=True)
        return
    seconds, cut_short = _seconds_to_keep(_version(), rendered_from=timezone.now())
    if status in SHORT_LIVED_STATUSES:
        seconds, cut_short = min(seconds, settings.ERROR_CACHE_SECONDS), True
    _public_cache_control(response, seconds, cut_short=cut_short)
    patch_vary_headers(response, ["Cookie"])


# Answers a shared cache may keep as long as a page; and errors it may keep a minute.
PUBLIC_STATUSES = frozenset({200, 203, 204, 301, 308})
SHORT_LIVED_STATUSES = frozenset({400, 404, 405, 410})


def public_page(view=None, *, params: tuple[str, ...] = ()):
    """Mark a view's pages as public: cached for anonymous visitors, with CDN-friendly headers.

    `params` names the query parameters the view reads; the page is cached once per
    combination of their values. PublicPageCacheMiddleware serves and stores the pages.
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
        started = timezone.now()
        response = view(request, *args, **kwargs)
        if _may_store(request, response):
            seconds, cut_short = _seconds_to_keep(version, rendered_from=started)
            _public_cache_control(response, seconds, cut_short=cut_short)
            patch_vary_headers(response, ["Cookie"])
            response.public_page = (version, time.time() + seconds, cut_short)
        return response

    wrapped.public_page_params = params
    return wrapped


def _page_params(request) -> tuple[str, ...] | None:
    """The query parameters a public page reads; None for any other address."""
    return _page_params_at(request.path_info, get_urlconf())


# Remembered per address: resolving is most of the cost of a hit otherwise. Bounded, as anyone
# can ask for any number of addresses.
@lru_cache(maxsize=4096)
def _page_params_at(path: str, urlconf: str | None) -> tuple[str, ...] | None:
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "public_page_params", None)


@receiver(setting_changed)
def _forget_page_params(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _page_params_at.cache_clear()


def _page_key(request, params: tuple[str, ...]) -> str:
    # Only the parameters the view reads: anything else (?utm_source=…) shares the entry. Each
    # keeps every value it was given, in the order given (a view may read the first, or all in
    # order): `?kind=a&kind=b` is not `?kind=b&kind=a`, as a view reads the last.
    query = ""
    if params and request.META.get("QUERY_STRING"):
        query = urlencode(
            [(name, value) for name in sorted(params) for value in request.GET.getlist(name)]
        )
    digest = hashlib.sha256(f"{request.get_host()}{request.path}?{query}".encode()).hexdigest()
    return f"public-pages:page:{digest}"


def _nonce_used(request) -> bool:
    # A page whose HTML holds the CSP nonce must never be replayed to another visitor.
    return bool(getattr(request, "_csp_nonce", None))


class PublicPageCacheMiddleware:
    """Answer anonymous visits to public pages from the cache, before the rest of the stack.

    Place it just after SecurityMiddleware, ContentSecurityPolicyMiddleware and WhiteNoise, so
    a cached answer still gets their headers (HSTS, nosniff, referrer, COOP and a CSP) fresh.
    A page is stored with the headers the inner middleware gave it, and only when nothing in
    the answer was for this visitor alone: no cookie set (session, messages, CSRF token), no
    CSP nonce in the HTML.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set({})
        try:
            return self._respond(request)
        finally:
            _request_version.reset(token)

    def _respond(self, request):
        if not _is_anonymous_visit(request):
            return self.get_response(request)
        params = _page_params(request)
        if params is None:
            return self.get_response(request)
        key = _page_key(request, params)
        entry = RECENT_PAGES.page(key)
        if entry is None:
            entry, version = _fetch_with_version(key)
            if version is None or not _current(entry, version):
                response = self.get_response(request)
                self._store(request, response, key)
                return response
            RECENT_PAGES.keep(key, entry)
        return _response_from(entry)

    def _store(self, request, response, key: str) -> None:
        made = getattr(response, "public_page", None)
        if made is None:
            return
        if response.cookies or _nonce_used(request):
            # Something in it was for this visitor alone (a cookie, a nonce): theirs only.
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_cache=True)
            return
        version, expires_at, cut_short = made
        seconds = round(expires_at - time.time())
        if seconds > 0 and response.status_code == 200:
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("cache-control", "content-length")
            ]
            entry = (version, expires_at, cut_short, headers, response.content)
            if version is not None:
                PUBLIC_PAGES.store(key, entry, seconds)
                RECENT_PAGES.keep(key, entry)


def _current(entry, version: str) -> bool:
    return entry is not None and entry[0] == version and entry[1] > time.time()


def _response_from(entry) -> HttpResponse:
    _version, expires_at, cut_short, headers, content = entry
    seconds = round(expires_at - time.time())
    cache_control = _public_cache_control_value(seconds, cut_short=cut_short)
    # Answered before CommonMiddleware, which sets Content-Length on fresh answers: without it
    # the page would go out chunked, and a server stopping before the last chunk leaves it
    # cut short even though all of it was sent.
    return HttpResponse(
        content,
        headers=[
            *headers,
            ("Cache-Control", cache_control),
            ("Content-Length", str(len(content))),
        ],
    )
