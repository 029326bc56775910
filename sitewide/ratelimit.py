"""A per-IP rate limit kept in the cache, keyed on the client IP as allauth determines it."""

import logging

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """The client's IP behind ALLAUTH_TRUSTED_PROXY_COUNT proxies, as allauth's rate limits see it."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):
        return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limit_consume(request: HttpRequest, *, action: str, limit: int, window: int) -> bool:
    """Count one use of `action` by this client; False once more than `limit` in `window` s.

    If the cache is unreachable the request is allowed: losing a message would be worse.
    """
    key = f"ratelimit:{action}:{client_ip(request)}"
    try:
        cache.add(key, 0, timeout=window)
        used = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr().
        cache.set(key, 1, timeout=window)
        used = 1
    except Exception:
        logger.warning("Rate limit for %s not applied: cache unavailable", action, exc_info=True)
        return True
    return used <= limit
