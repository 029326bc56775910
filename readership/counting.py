"""Counting reads on the server, with nothing that identifies a reader ever stored.

Each counted request adds one to a Redis hash for the day (kind, source class, referring host
for other sites, path) and a keyed hash of IP address and user agent to the day's HyperLogLog
for that path. The key is the day's random salt: made in Redis, read by this process and gone
from Redis at midnight, so yesterday's visitors can no longer be linked to today's, and the
HyperLogLog keeps only its registers, never the hashes. Counting is best effort: with Redis
slow or down it is skipped for a while, never raised to the visitor.
"""

import functools
import hashlib
import hmac
import logging
import secrets
import time
from datetime import date, datetime, timedelta

import redis
from crawleruseragents import is_crawler
from django.conf import settings
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

from sitewide.ratelimit import client_ip

from .sources import source_of

logger = logging.getLogger(__name__)

VIEW = "view"
DOWNLOAD = "download"
FEED = "feed"
API = "api"
KINDS = (VIEW, DOWNLOAD, FEED, API)

FIELD_SEPARATOR = "\t"
PATH_MAX_LENGTH = 300
# Raw counts stay in Redis long enough for a missed nightly rollup to be run the next night.
KEEP_RAW_SECONDS = 3 * 24 * 3600
# After Redis failed, counting rests this long rather than make every page wait on it.
REST_AFTER_FAILURE_SECONDS = 30
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def counts_key(day: date) -> str:
    return f"readership:{day.isoformat()}:counts"


def visitors_key(day: date, path: str) -> str:
    """The day's HyperLogLog for one path; the empty path is the whole site."""
    return f"readership:{day.isoformat()}:visitors:{path}"


def salt_key(day: date) -> str:
    return f"readership:{day.isoformat()}:salt"


def redis_connect(url: str) -> redis.Redis:
    """A client that gives up at once: one short try, no retries, no backoff."""
    timeout = settings.READERSHIP_REDIS_TIMEOUT_SECONDS
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
        retry_on_error=[],
    )


@functools.cache
def _client() -> redis.Redis | None:
    url = settings.READERSHIP_REDIS_URL
    return redis_connect(url) if url else None


def readership_redis() -> redis.Redis | None:
    """The Redis that holds the raw counts, or None when counting is off (no Redis set)."""
    return _client()


class _State:
    resting_until = 0.0
    salt: tuple[date, bytes] | None = None


@functools.lru_cache(maxsize=2048)
def _is_bot(user_agent: str) -> bool:
    return not user_agent or is_crawler(user_agent)


def _refuses_counting(request) -> bool:
    meta = request.META
    return (
        meta.get("HTTP_SEC_GPC") == "1"
        or meta.get("HTTP_DNT") == "1"
        or settings.READERSHIP_OPT_OUT_COOKIE in request.COOKIES
    )


def _kind_of(request, response) -> str | None:
    if request.path.startswith(settings.READERSHIP_API_PREFIX):
        return API
    if response.has_header("Content-Disposition"):
        return DOWNLOAD
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type in FEED_TYPES:
        return FEED
    if content_type == "text/html":
        return VIEW
    return None


def countable_kind(request, response) -> str | None:
    """What kind of read this is, or None when it is not to be counted at all."""
    if request.method != "GET" or response.status_code != 200:
        return None
    # Signed-in people (staff previews among them) carry a session cookie; never counted.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or _refuses_counting(request):
        return None
    if request.path.startswith(settings.READERSHIP_NOT_COUNTED_PREFIXES):
        return None
    if _is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return None
    return _kind_of(request, response)


def _end_of_day(day: date) -> int:
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time())
    return int(timezone.make_aware(midnight).timestamp())


def _salt(client: redis.Redis, day: date) -> bytes:
    """The day's salt: the first process to ask makes it; it expires from Redis at midnight."""
    if _State.salt is not None and _State.salt[0] == day:
        return _State.salt[1]
    pipe = client.pipeline(transaction=False)
    pipe.set(salt_key(day), secrets.token_bytes(32), nx=True, exat=_end_of_day(day))
    pipe.get(salt_key(day))
    salt = pipe.execute()[1]
    _State.salt = (day, salt)
    return salt


def _visitor_token(request, salt: bytes) -> bytes:
    identity = f"{client_ip(request)}\n{request.META.get('HTTP_USER_AGENT', '')}"
    return hmac.new(salt, identity.encode(), hashlib.sha256).digest()[:16]


def read_record(request, *, kind: str) -> None:
    """Count one read; silently skipped when Redis is unset, slow or unreachable."""
    client = readership_redis()
    if client is None or time.monotonic() < _State.resting_until:
        return
    day = timezone.localdate()
    path = request.path[:PATH_MAX_LENGTH]
    source, host = source_of(request)
    field = FIELD_SEPARATOR.join((kind, source, host, path))
    try:
        token = _visitor_token(request, _salt(client, day))
        pipe = client.pipeline(transaction=False)
        pipe.hincrby(counts_key(day), field, 1)
        pipe.expire(counts_key(day), KEEP_RAW_SECONDS)
        for key in (visitors_key(day, path), visitors_key(day, "")):
            pipe.pfadd(key, token)
            pipe.expire(key, KEEP_RAW_SECONDS)
        pipe.execute()
    except (redis.RedisError, OSError):
        _State.resting_until = time.monotonic() + REST_AFTER_FAILURE_SECONDS
        _State.salt = None
        # What failed, never who was reading.
        logger.warning("Readership counting paused: Redis did not answer")
