"""Counting reads on the server, with nothing that identifies a reader ever stored.

Each counted request adds one to a Redis hash for the day (kind, source class, referring host
for other sites, path) and a keyed hash of IP address and user agent to the day's HyperLogLog
for that path. The key is the day's random salt: made in Redis, read by this process and gone
from Redis at midnight, so yesterday's visitors can no longer be linked to today's, and the
HyperLogLog keeps only its registers, never the hashes. Counting is best effort and off the
request's path: the request only notes the read in memory; once a second one thread per process
works out the source and the visitor hash and sends the lot, added up, in one pipeline (and once
more when the process exits). With Redis slow or down counting is skipped for a while, never
raised to or waited on by a visitor.
"""

import atexit
import functools
import hashlib
import logging
import os
import secrets
import threading
import time
from collections import Counter, defaultdict, deque
from datetime import UTC, date, datetime, timedelta

import redis
from crawleruseragents import is_crawler
from django.conf import settings
from django.utils import timezone
from redis.backoff import NoBackoff
from redis.retry import Retry

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
MOST_PENDING = 10_000
# How long a read waits in memory before it is sent: one round trip a second, whatever the
# traffic, rather than one per page.
SEND_EVERY_SECONDS = 1.0
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
    # The day and its hasher, keyed with the salt (the salt itself is not kept here).
    hasher: tuple[date, object] | None = None
    # Keys this process has already given their expiry (reset with the day's salt).
    expiring: set[str] = set()


@functools.lru_cache(maxsize=2048)
def _is_bot(user_agent: str) -> bool:
    return not user_agent or is_crawler(user_agent)


def _kind_of(path: str, response, api_prefix: str) -> str | None:
    if path.startswith(api_prefix):
        return API
    headers = response.headers
    content_type = headers.get("Content-Type", "")
    # Most reads are pages: one header to look at. The site sends no page as an attachment.
    if content_type.startswith("text/html"):
        return VIEW
    if "Content-Disposition" in headers:
        return DOWNLOAD
    if content_type.partition(";")[0].strip() in FEED_TYPES:
        return FEED
    return None


class Counting:
    """What decides, on each response, whether it is a read to count: the settings read once
    (the middleware makes one), so a page that is not counted costs a few comparisons."""

    def __init__(self):
        self.on = readership_redis() is not None
        self.session_cookie = settings.SESSION_COOKIE_NAME
        self.opt_out_cookie = settings.READERSHIP_OPT_OUT_COOKIE
        self.not_counted = tuple(settings.READERSHIP_NOT_COUNTED_PREFIXES)
        self.api_prefix = settings.READERSHIP_API_PREFIX

    def kind(self, request, response) -> str | None:
        """What kind of read this is, or None when it is not to be counted at all."""
        if not self.on or response.status_code != 200 or request.method != "GET":
            return None
        meta = request.META
        if meta.get("HTTP_SEC_GPC") == "1" or meta.get("HTTP_DNT") == "1":
            return None
        # Signed-in people (staff previews among them) carry a session cookie, and those who
        # chose not to be counted the opt-out cookie: neither is counted.
        if meta.get("HTTP_COOKIE") and (
            self.session_cookie in request.COOKIES or request.COOKIES.get(self.opt_out_cookie)
        ):
            return None
        path = request.path
        if path.startswith(self.not_counted) or _is_bot(meta.get("HTTP_USER_AGENT", "")):
            return None
        return _kind_of(path, response, self.api_prefix)


def _end_of_day(day: date) -> int:
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time())
    return int(timezone.make_aware(midnight).timestamp())


def _keyed_hasher(client: redis.Redis, day: date):
    """The day's salt, as a hasher keyed with it: the first process to ask makes the salt; it
    expires from Redis at midnight."""
    if _State.hasher is not None and _State.hasher[0] == day:
        return _State.hasher[1]
    pipe = client.pipeline(transaction=False)
    pipe.set(salt_key(day), secrets.token_bytes(32), nx=True, exat=_end_of_day(day))
    pipe.get(salt_key(day))
    salt = pipe.execute()[1]
    # BLAKE2 keyed with the salt is a MAC in its own right (RFC 7693), at a third of HMAC's
    # cost. Eight bytes are as many as the HyperLogLog's own 64-bit hash of them uses.
    _State.hasher = (day, hashlib.blake2b(key=salt, digest_size=8))
    _State.expiring = set()
    return _State.hasher[1]


def _visitor_token(address: str, user_agent: str, keyed) -> bytes:
    """The visitor hash, from a copy of the day's keyed hasher (keying it again costs more)."""
    hasher = keyed.copy()
    hasher.update(f"{address}\n{user_agent}".encode())
    return hasher.digest()


class _Day:
    """The local day of a timestamp, worked out once a day rather than once a read."""

    starts = ends = 0.0
    day: date | None = None

    @classmethod
    def of(cls, stamp: float) -> date:
        if not cls.starts <= stamp < cls.ends:
            day = timezone.localdate(datetime.fromtimestamp(stamp, tz=UTC))
            cls.day, cls.ends = day, float(_end_of_day(day))
            cls.starts = float(_end_of_day(day - timedelta(days=1)))
        return cls.day


# Reads wait here for the sender thread, so a page never waits on Redis; when it is full (Redis
# far behind) a read is dropped, never waited for. Appending to a deque needs no lock.
_pending: deque = deque()
_send_lock = threading.Lock()
_sender = {"running": False}
_sender_start_lock = threading.Lock()


def _forget_the_parents_sender() -> None:
    # A forked process (a gunicorn worker) has the parent's reads but not its thread.
    global _send_lock, _sender_start_lock
    _sender["running"] = False
    _pending.clear()
    _send_lock, _sender_start_lock = threading.Lock(), threading.Lock()


os.register_at_fork(after_in_child=_forget_the_parents_sender)


def _ensure_sender() -> None:
    if _sender["running"]:
        return
    with _sender_start_lock:
        if not _sender["running"]:
            threading.Thread(target=_send_forever, name="readership", daemon=True).start()
            _sender["running"] = True


def read_record(request, *, kind: str) -> None:
    """Note one read to be counted; skipped when counting is off or resting after a failure."""
    if time.monotonic() < _State.resting_until:
        return
    _ensure_sender()
    if len(_pending) < MOST_PENDING:
        # What counting needs of the request, not the request: kept for up to a second, a
        # request costs far more memory than these few strings.
        meta = request.META
        _pending.append(
            (
                time.time(),
                kind,
                request.path,
                meta.get("QUERY_STRING", ""),
                meta.get("HTTP_REFERER", ""),
                meta.get("HTTP_HOST", ""),
                meta.get("REMOTE_ADDR", ""),
                meta.get("HTTP_X_FORWARDED_FOR"),
                meta.get("HTTP_USER_AGENT", ""),
            )
        )


def readership_flush() -> None:
    """Send the reads noted in this process now (the sender does it every second)."""
    with _send_lock:
        batch = [_pending.popleft() for _ in range(len(_pending))]
        if not batch:
            return
        try:
            _send(batch)
        except Exception:
            logger.exception("Readership counting failed")


# A worker that exits (gunicorn's max-requests, a deploy) sends what it still holds.
atexit.register(readership_flush)


def _send_forever() -> None:
    while True:
        time.sleep(SEND_EVERY_SECONDS)
        readership_flush()


def _client_address(remote_addr: str, forwarded: str | None, proxies: int) -> str:
    """The client's address as allauth (and so sitewide.ratelimit.client_ip) takes it, behind
    `proxies` trusted proxies, without its validation: for the visitor hash, any string that
    tells clients apart will do, and this runs once a read."""
    if forwarded and proxies:
        hops = forwarded.split(",")
        if len(hops) >= proxies:
            return hops[-proxies].strip()
    return remote_addr


def _added_up(batch, hasher_of) -> tuple[Counter, dict[tuple[date, str], set[bytes]]]:
    """The batch as one increment per counter and one set of visitor hashes per HyperLogLog."""
    counts: Counter = Counter()
    visitors: dict[tuple[date, str], set[bytes]] = defaultdict(set)
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    day_of, day, hasher = _Day.of, None, None
    for read in batch:
        stamp, kind, path, query_string, referer, host_header, remote, forwarded, agent = read
        read_day = day_of(stamp)
        if read_day != day:
            day, hasher = read_day, hasher_of(read_day)
        path = path[:PATH_MAX_LENGTH]
        source, host, about = source_of(query_string, referer, host_header)
        fields = (kind, source, host, about, path) if about else (kind, source, host, path)
        counts[(day, FIELD_SEPARATOR.join(fields))] += 1
        address = _client_address(remote, forwarded, proxies)
        visitors[(day, path)].add(_visitor_token(address, agent, hasher))
    return counts, visitors


def _send(batch) -> None:
    client = readership_redis()
    if client is None or time.monotonic() < _State.resting_until:
        return
    try:
        counts, visitors = _added_up(batch, lambda day: _keyed_hasher(client, day))
        pipe = client.pipeline(transaction=False)
        for (day, field), count in counts.items():
            pipe.hincrby(counts_key(day), field, count)
        for (day, path), tokens in visitors.items():
            pipe.pfadd(visitors_key(day, path), *tokens)
        keys = {counts_key(day) for day, _ in counts} | {visitors_key(*key) for key in visitors}
        for key in keys - _State.expiring:
            pipe.expire(key, KEEP_RAW_SECONDS)
        pipe.execute()
        _State.expiring |= keys
    except (redis.RedisError, OSError):
        _State.resting_until = time.monotonic() + REST_AFTER_FAILURE_SECONDS
        _State.hasher = None
        _State.expiring = set()
        # What failed, never who was reading.
        logger.warning("Readership counting paused: Redis did not answer")
