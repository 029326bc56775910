"""`check --deploy` refuses a cache kept in each process, and warns when a cache shares the
broker's Redis while that Redis never evicts."""

import os

import pytest
from django.core.cache import caches

from cja_site.checks import cache_beside_broker_check, caches_shared_check

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def test_a_local_memory_cache_fails_the_deploy_check(settings):
    database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}
    settings.CACHES = {"default": database, "pages": {"BACKEND": LOCMEM, "LOCATION": "x"}}
    errors = caches_shared_check(None)
    assert [error.id for error in errors] == ["cja_site.E010"]
    assert "'pages'" in errors[0].msg


def test_shared_caches_pass(settings):
    database = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}
    settings.CACHES = {"default": database, "pages": database}
    assert caches_shared_check(None) == []


@pytest.mark.redis
def test_a_cache_on_the_brokers_noeviction_redis_is_warned_about(settings):
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    client = caches["default"]._cache.get_client(write=True)
    policy = client.config_get("maxmemory-policy")["maxmemory-policy"]
    warnings = cache_beside_broker_check(None)
    if policy == "noeviction":
        assert {warning.id for warning in warnings} == {"cja_site.W010"}
        assert "noeviction" in warnings[0].msg
    else:
        assert warnings == []
    # A cache on a Redis of its own is not.
    settings.CACHES = {
        alias: {**config, "LOCATION": "redis://127.0.0.1:6390/0"}
        for alias, config in settings.CACHES.items()
    }
    assert cache_beside_broker_check(None) == []
