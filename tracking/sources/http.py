"""The one HTTP client the sources share: short timeouts, a User-Agent that says who we are,
conditional requests, and errors turned into one exception that carries Retry-After."""

from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings
from django.utils import timezone

from .links import host_allowed

# Tests and the demo loader replace this with a transport that replays recorded responses.
default_transport: httpx.BaseTransport | None = None


class SourceError(Exception):
    """The source could not be read: down, rate-limited, or it answered something unexpected."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    not_modified: bool
    data: object = None
    etag: str = ""
    last_modified: str = ""


def user_agent() -> str:
    return (
        f"{settings.SITE_NAME} campaign tracker (+{settings.SITE_URL}/; "
        f"{settings.TRACKING_CONTACT_EMAIL})"
    )


def client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        transport=transport or default_transport,
        timeout=httpx.Timeout(settings.TRACKING_HTTP_TIMEOUT_SECONDS, connect=5.0),
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        # get_json follows redirects itself, only to hosts the source is allowed to use.
        follow_redirects=False,
    )


MAX_REDIRECTS = 3


def get_json(
    http: httpx.Client,
    url: str,
    *,
    domains: tuple[str, ...],
    params: dict | None = None,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """GET a JSON document; with validators, a 304 answer comes back as `not_modified`.

    A redirect is followed only to an `https` address on one of the source's `domains`."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    response = _get(http, url, params=params, headers=headers)
    for _ in range(MAX_REDIRECTS):
        if not response.has_redirect_location:
            break
        target = response.request.url.join(response.headers["Location"])
        if target.scheme != "https" or target.userinfo or not host_allowed(target.host, domains):
            raise SourceError(f"{url} redirected to a host it may not use: {target.host}")
        response = _get(http, target, headers=headers)
    else:
        if response.has_redirect_location:
            raise SourceError(f"{url} redirected more than {MAX_REDIRECTS} times")
    if response.status_code == 304:
        return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
    if response.status_code == 429 or response.status_code >= 500:
        raise SourceError(
            f"{response.status_code} from {url}",
            retry_after=retry_after_seconds(response.headers.get("Retry-After", "")),
        )
    if response.status_code != 200:
        raise SourceError(f"{response.status_code} from {url}")
    try:
        data = response.json()
    except ValueError as error:
        raise SourceError(f"{url} did not answer with JSON") from error
    return Fetched(
        not_modified=False,
        data=data,
        etag=response.headers.get("ETag", "")[:300],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )


def _get(http: httpx.Client, url, *, params=None, headers=None) -> httpx.Response:
    try:
        return http.get(url, params=params, headers=headers, follow_redirects=False)
    except httpx.HTTPError as error:
        raise SourceError(f"{type(error).__name__} fetching {url}: {error}") from error


def retry_after_seconds(value: str) -> float | None:
    """Retry-After is either a number of seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - timezone.now()).total_seconds(), 0.0)
