"""The site's Redis cache against a real Redis: one client per connection pool, and reads over
a connection each thread keeps, which survive Redis dropping it."""

import os
import threading

import pytest
import redis

from cja_site.cache_backends import RedisCache

pytestmark = pytest.mark.redis


@pytest.fixture
def backend():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "cache-backend-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_call():
    backend = RedisCache("redis://127.0.0.1:1/0", {})  # never connected: clients connect lazily
    client = backend._cache.get_client("a-key")
    assert backend._cache.get_client("another-key") is client
    assert backend._cache.get_client("a-key", write=True) is client


def test_what_is_stored_is_read_back_alone_and_together(backend):
    backend.set("page", {"html": "<p>Hello</p>"})
    backend.set("count", 3)
    assert backend.get("page") == {"html": "<p>Hello</p>"}
    assert backend.get("missing", "default") == "default"
    assert backend.get_many(["page", "missing", "count"]) == {
        "page": {"html": "<p>Hello</p>"},
        "count": 3,
    }


def test_a_read_after_redis_dropped_the_connection_still_answers(backend):
    backend.set("page", "cached")
    assert backend.get("page") == "cached"
    reading_connection = backend._cache._read("CLIENT", "ID")
    admin = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert admin.client_kill_filter(_id=reading_connection) == 1
    assert backend.get("page") == "cached"
    assert backend.get_many(["page"]) == {"page": "cached"}


def test_an_unreachable_redis_is_an_error_the_caller_sees():
    unreachable = RedisCache("redis://127.0.0.1:1/0", {})
    with pytest.raises(redis.exceptions.ConnectionError):
        unreachable.get_many(["page"])


def test_threads_reading_at_once_each_get_their_own_answers(backend):
    backend.set_many({f"key-{n}": f"value-{n}" for n in range(8)})
    wrong = []

    def read(n):
        for _ in range(200):
            found = backend.get_many([f"key-{n}", f"key-{(n + 1) % 8}"])
            if found != {f"key-{n}": f"value-{n}", f"key-{(n + 1) % 8}": f"value-{(n + 1) % 8}"}:
                wrong.append(found)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
