"""What counting reads costs on a page-cache hit: the home page served from the cache through
the whole middleware stack, in-process, with and without `ReadershipMiddleware` (target: within
5 %). Needs REDIS_URL (counting is off without it) and a migrated database.

Both stacks are built once; each round times them in a random order, after a garbage
collection, so neither always runs first or inherits the other's garbage. The median time per
request of each is reported.
Every request comes from a different simulated visitor, so each one adds to the HyperLogLog.
Each round ends by sending what was counted to Redis, inside the time measured: the sender
thread's work is part of what counting costs, though a visitor never waits for it.
"""

import gc
import os
import random
import secrets
import statistics
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cja_site.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault(
    "STATIC_ROOT", str(Path(__file__).resolve().parent.parent / "var/bench/static")
)

REQUESTS = 500
ROUNDS = 9
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:{n}.0) Gecko/20100101 Firefox/{n}.0"
COUNTING = "readership.middleware.ReadershipMiddleware"


def _time_per_request(client, path: str, flush) -> float:
    flush()
    started = time.perf_counter()
    for n in range(REQUESTS):
        response = client.get(
            path,
            REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
            HTTP_USER_AGENT=BROWSER.format(n=n % 50),
        )
        assert response.status_code == 200, response.status_code
    flush()
    return (time.perf_counter() - started) / REQUESTS


def run() -> str:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from readership.counting import readership_flush, readership_redis

    if readership_redis() is None:
        return "skipped: counting needs REDIS_URL"
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    without = [name for name in settings.MIDDLEWARE if name != COUNTING]
    clients = {}
    for label, middleware in (("counting", settings.MIDDLEWARE), ("not counting", without)):
        with override_settings(MIDDLEWARE=middleware):
            clients[label] = Client()
            clients[label].get("/")  # builds this stack and fills the cache
    timings: dict[str, list[float]] = {label: [] for label in clients}
    for _ in range(ROUNDS):
        for label in random.sample(list(clients), len(clients)):
            gc.collect()
            timings[label].append(_time_per_request(clients[label], "/", readership_flush))
    counting = statistics.median(timings["counting"])
    plain = statistics.median(timings["not counting"])
    on_request, sending = _middleware_alone()
    return (
        f"home page from the page cache, {REQUESTS} requests x {ROUNDS} rounds, in-process:\n"
        f"  without counting {plain * 1e6:.0f} µs/request, with counting {counting * 1e6:.0f} "
        f"µs/request: {(counting - plain) * 1e6:+.0f} µs ({(counting / plain - 1) * 100:+.1f} %)\n"
        f"  the middleware alone: {on_request * 1e6:.1f} µs on the request, {sending * 1e6:.1f} µs "
        f"in the sender thread per read: {(on_request + sending) / plain * 100:.1f} % of a hit"
    )


def _middleware_alone() -> tuple[float, float]:
    """ReadershipMiddleware around a response already made (a cache hit, less the cache):
    its time on the request, and the sender's per read, the median of ROUNDS rounds."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from readership.counting import readership_flush
    from readership.middleware import ReadershipMiddleware

    hit = HttpResponse("<p>cached</p>", content_type="text/html; charset=utf-8")
    middleware = ReadershipMiddleware(lambda request: hit)
    requests = [
        RequestFactory().get(
            "/",
            REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
            HTTP_USER_AGENT=BROWSER.format(n=n % 50),
        )
        for n in range(REQUESTS)
    ]
    on_request, sending = [], []
    for _ in range(ROUNDS):
        readership_flush()
        started = time.perf_counter()
        for request in requests:
            middleware(request)
        noted = time.perf_counter()
        readership_flush()
        on_request.append((noted - started) / REQUESTS)
        sending.append((time.perf_counter() - noted) / REQUESTS)
    return statistics.median(on_request), statistics.median(sending)
