"""Deploy checks for the caches: every process must share them, and filling one must not stop
the broker."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.checks import Error, Tags, Warning, register

# Caches that live in one process: another worker never sees what this one stored or turned
# over (a publication listed early by one process, missing from the next, rate limits per process).
PROCESS_LOCAL = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def caches_shared_check(app_configs, **kwargs):
    return [
        Error(
            f"The {alias!r} cache keeps its entries in each process ({config['BACKEND']}).",
            hint="Set REDIS_URL (or CACHE_URL), or leave it unset with DEBUG off to use the "
            "database cache, so that every web process sees the same page cache, members' "
            "cache and rate limits.",
            id="cja_site.E010",
        )
        for alias, config in settings.CACHES.items()
        if config["BACKEND"] in PROCESS_LOCAL
    ]


@register(Tags.caches, deploy=True)
def cache_beside_broker_check(app_configs, **kwargs):
    broker = _redis_instance(settings.CELERY_BROKER_URL)
    if broker is None:
        return []
    warnings = []
    for alias, config in settings.CACHES.items():
        if _redis_instance(str(config.get("LOCATION", ""))) != broker:
            continue
        policy = _eviction_policy(alias)
        if policy in (None, "noeviction"):
            warnings.append(
                Warning(
                    f"The {alias!r} cache shares the broker's Redis, whose maxmemory-policy is "
                    f"{policy or 'unknown'}: once a cache fills its memory, Redis refuses "
                    "writes, and Celery, sessions and rate limits stop with it.",
                    hint="Give the cache a Redis of its own with maxmemory-policy allkeys-lru "
                    "(CACHE_URL), keeping the broker's noeviction.",
                    id="cja_site.W010",
                )
            )
    return warnings


def _redis_instance(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        return None
    return (parts.hostname or "localhost", parts.port or 6379)


def _eviction_policy(alias: str) -> str | None:
    try:
        client = caches[alias]._cache.get_client(write=True)
        return client.config_get("maxmemory-policy").get("maxmemory-policy")
    except Exception:  # CONFIG may be refused (managed Redis) or Redis unreachable
        return None
