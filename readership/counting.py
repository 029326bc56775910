"""Counting reads on the server, with nothing that identifies a reader ever stored.

Each counted request adds one to a Redis hash for the day (kind, source class, referring host
for other sites, path) and a keyed hash of IP address and user agent to the day's HyperLogLog
for that path. The key is the day's random salt: made in Redis, read by this process and gone
from Redis at midnight, so yesterday's visitors can no longer be linked to today's, and the
HyperLogLog keeps only its registers, never the hashes. Counting is best effort and off the
request's path: reads are queued in memory and sent in batches by one thread per process; with
Redis slow or down counting is skipped for a while, never raised to or waited on by a visitor.
"""

import contextlib
import functools
import hashlib
import hmac
import logging
import os
import queue
import secrets
import threading
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
QUEUE_SIZE = 10_000
BATCH_SIZE = 500
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


def counts_key(day: date) -> str:
    return f"readership:{day.isoformat()}:counts"


def visitors_key(day: date, path: str) -> str:
    """The day's HyperLogLog for one path (the whole site's is their union)."""
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
    # Keys this process has already given their expiry (reset with the day's salt).
    expiring: set[str] = set()


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
    _State.expiring = set()
    return salt


def _visitor_token(ip: str, user_agent: str, salt: bytes) -> bytes:
    return hmac.new(salt, f"{ip}\n{user_agent}".encode(), hashlib.sha256).digest()[:16]


# Reads wait here for the sender thread, so a page never waits on Redis; when the queue is
# full (Redis far behind) a read is dropped, never waited for.
_queue: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
_sender = {"pid": None}
_sender_lock = threading.Lock()


def _ensure_sender() -> None:
    # Started lazily, and again in a process forked after it started (gunicorn workers).
    if _sender["pid"] == os.getpid():
        return
    with _sender_lock:
        if _sender["pid"] != os.getpid():
            threading.Thread(target=_send_forever, name="readership", daemon=True).start()
            _sender["pid"] = os.getpid()


def read_record(request, *, kind: str) -> None:
    """Queue one read to be counted; skipped when counting is off or resting after a failure."""
    if readership_redis() is None or time.monotonic() < _State.resting_until:
        return
    _ensure_sender()
    read = (
        timezone.localdate(),
        kind,
        request.path[:PATH_MAX_LENGTH],
        source_of(request),
        request,
    )
    with contextlib.suppress(queue.Full):
        _queue.put_nowait(read)


def readership_flush() -> None:
    """Wait until the reads queued in this process have been sent to Redis (or given up)."""
    if _sender["pid"] == os.getpid():
        _queue.join()


def _send_forever() -> None:
    while True:
        batch = [_queue.get()]
        while len(batch) < BATCH_SIZE:
            try:
                batch.append(_queue.get_nowait())
            except queue.Empty:
                break
        try:
            _send(batch)
        except Exception:
            logger.exception("Readership counting failed")
        finally:
            for _ in batch:
                _queue.task_done()


def _send(batch) -> None:
    client = readership_redis()
    if client is None or time.monotonic() < _State.resting_until:
        return
    try:
        pipe = client.pipeline(transaction=False)
        for day, kind, path, (source, host), request in batch:
            user_agent = request.META.get("HTTP_USER_AGENT", "")
            token = _visitor_token(client_ip(request), user_agent, _salt(client, day))
            field = FIELD_SEPARATOR.join((kind, source, host, path))
            pipe.hincrby(counts_key(day), field, 1)
            pipe.pfadd(visitors_key(day, path), token)
            for key in (counts_key(day), visitors_key(day, path)):
                if key not in _State.expiring:
                    pipe.expire(key, KEEP_RAW_SECONDS)
                    _State.expiring.add(key)
        pipe.execute()
    except (redis.RedisError, OSError):
        _State.resting_until = time.monotonic() + REST_AFTER_FAILURE_SECONDS
        _State.salt = None
        _State.expiring = set()
        # What failed, never who was reading.
        logger.warning("Readership counting paused: Redis did not answer")
