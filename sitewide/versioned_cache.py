"""Values kept in the cache under a version number, so that one bump turns them all over at once.

Every value is stored with the version it was computed under and used only while that is still
the version; changing anything it depends on bumps the version (now, and again once the change
is committed, since a value computed meanwhile saw the old rows). Reading the version and a
value takes one round trip.

What happens when the cache cannot be reached is each user's explicit choice
(`raise_when_unreachable`): reads always fall back to computing afresh, but a bump that cannot be
written either fails the change that caused it or is logged and skipped.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import transaction

logger = logging.getLogger(__name__)


class VersionedCache:
    def __init__(self, *, version_key: str, raise_when_unreachable: bool, alias: str = "default"):
        self.version_key = version_key
        self.raise_when_unreachable = raise_when_unreachable
        # Which of settings.CACHES keeps the values (the page cache has one of its own).
        self.alias = alias

    @property
    def cache(self):
        return caches[self.alias]

    def invalidate(self) -> None:
        """Turn every value over, now and again once the current transaction commits."""
        self._bump()
        transaction.on_commit(self._bump)

    def _bump(self) -> None:
        try:
            self.version_written(uuid.uuid4().hex)
        except Exception:
            if self.raise_when_unreachable:
                raise
            logger.error("Cache unavailable: %s not turned over", self.version_key, exc_info=True)

    def version_written(self, version: str) -> str:
        """Store `version` as the current one (a hook for callers that remember it)."""
        self.cache.set(self.version_key, version, timeout=None)
        return version

    def fetch(self, key: str) -> tuple[object | None, str | None]:
        """The value stored at `key` (None if absent) and the current version, in one round
        trip; (None, None) when the cache is unreachable: compute afresh, and store nothing."""
        try:
            found = self.cache.get_many([self.version_key, key])
            return found.get(key), self._version_from(found)
        except Exception:
            logger.warning(
                "Cache unavailable: values under %s made afresh", self.version_key, exc_info=True
            )
            return None, None

    def version(self) -> str | None:
        """The current version alone; None when the cache is unreachable."""
        try:
            return self._version_from(self.cache.get_many([self.version_key]))
        except Exception:
            logger.warning(
                "Cache unavailable: values under %s made afresh", self.version_key, exc_info=True
            )
            return None

    def _version_from(self, found: dict) -> str:
        version = found.get(self.version_key)
        if version is None:
            # The first reader (or the first since the cache was emptied) starts a version;
            # add() so that two first readers agree on one.
            self.cache.add(self.version_key, uuid.uuid4().hex, timeout=None)
            version = self.cache.get(self.version_key)
        return version

    def store(self, key: str, value, seconds: int) -> None:
        """Keep `value` for `seconds`; if the cache is unreachable, it is simply not kept."""
        try:
            self.cache.set(key, value, timeout=seconds)
        except Exception:
            logger.warning("Cache unavailable: %s not stored", key, exc_info=True)

    def get(self, key: str):
        """The value at `key`, or None if absent or the cache is unreachable."""
        try:
            return self.cache.get(key)
        except Exception:
            return None
