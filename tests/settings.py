"""The settings of the test process: the site's own, except that each parallel test worker
(`pytest -n`, pytest-xdist) has a pair of Redis databases of its own (the broker and cache, and
the page cache), as each has a database of its own in PostgreSQL. Without that, one worker's
cache clear or Celery worker would reach into another's tests."""

import os
from urllib.parse import urlsplit, urlunsplit


def redis_url_for_worker(url: str, worker: str) -> str:
    """redis://host/0 for worker gw0, redis://host/2 for gw1, and so on."""
    parts = urlsplit(url)
    first = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{first + 2 * int(worker.removeprefix('gw'))}"))


worker = os.environ.get("PYTEST_XDIST_WORKER")
# Processes the tests start (Celery workers, servers) inherit the environment, this module and
# the marker: their REDIS_URL is already the worker's, or one the test chose.
if worker and os.environ.get("REDIS_URL") and os.environ.get("CJA_REDIS_WORKER") != worker:
    os.environ["REDIS_URL"] = redis_url_for_worker(os.environ["REDIS_URL"], worker)
    os.environ["CJA_REDIS_WORKER"] = worker

from cja_site.settings import *  # noqa: E402, F403

# A page-cache hit held in memory could hide, for up to a second, a change another process (a
# Celery worker, a second server) made just before: the tests that hold pages turn it on
# (tests/publishing/test_recent_pages.py).
PUBLIC_PAGE_LOCAL_SECONDS = 0.0
