"""The Redis cache keeps one client per connection pool (Django builds one per call)."""

from cja_site.cache_backends import RedisCache


def test_one_client_serves_every_call():
    backend = RedisCache("redis://127.0.0.1:1/0", {})  # never connected: clients connect lazily
    client = backend._cache.get_client("a-key")
    assert backend._cache.get_client("another-key") is client
    assert backend._cache.get_client("a-key", write=True) is client
