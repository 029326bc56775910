"""Sessions that keep no usable key at rest: the database row and the cache entry are found by
a keyed hash of the cookie's key (HMAC with a key derived from SECRET_KEY), so a database dump,
a Redis dump or a key name read from Redis signs nobody in.

Read from the cache and kept in the database, like Django's cached_db: an unreachable cache
costs speed, not sign-ins (the session is then read from the database). Deleting a session
still needs the cache: a copy left there would sign the person back in once the cache returned.

Changing SECRET_KEY signs everyone out (the hashes no longer match), as it does for Django's
own session hash.
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import DatabaseError, IntegrityError, router, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

CACHE_KEY_PREFIX = "session:"
# The HMAC's own salt, so the hash is of no use anywhere else SECRET_KEY signs.
HASH_SALT = "signins.sessions.stored-key"
# django_session.session_key holds 40 characters: 160 bits of the SHA-256 HMAC.
STORED_KEY_LENGTH = 40


def session_stored_key(session_key: str) -> str:
    """The name a session is stored under: a keyed hash of the cookie's key."""
    digest = salted_hmac(HASH_SALT, session_key, algorithm="sha256").hexdigest()
    return digest[:STORED_KEY_LENGTH]


def _session_cache():
    return caches[settings.SESSION_CACHE_ALIAS]


def sessions_delete(*, stored_keys: list[str]) -> None:
    """End the sessions stored under these names (from a sign-in record, never a cookie)."""
    Session.objects.filter(session_key__in=stored_keys).delete()
    _session_cache().delete_many([CACHE_KEY_PREFIX + key for key in stored_keys])


def sessions_alive(*, stored_keys: list[str]) -> dict[str, dict]:
    """The data of those of these sessions that have not expired, by stored name."""
    rows = Session.objects.filter(session_key__in=stored_keys, expire_date__gt=timezone.now())
    return {row.session_key: SessionStore().decode(row.session_data) for row in rows}


class SessionStore(SessionBase):
    def __init__(self, session_key=None):
        self._cache = _session_cache()
        super().__init__(session_key)

    @property
    def stored_key(self) -> str | None:
        return session_stored_key(self.session_key) if self.session_key else None

    def _cache_key(self) -> str:
        return CACHE_KEY_PREFIX + self.stored_key

    def load(self):
        try:
            data = self._cache.get(self._cache_key())
        except Exception:
            data = None
        if data is not None:
            return data
        stored = Session.objects.filter(
            session_key=self.stored_key, expire_date__gt=timezone.now()
        ).first()
        if stored is None:
            self._session_key = None
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self._cache_key(), data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.warning("Session not copied to the cache (%s)", self._cache, exc_info=True)
        return data

    def exists(self, session_key):
        stored_key = session_stored_key(session_key)
        try:
            if CACHE_KEY_PREFIX + stored_key in self._cache:
                return True
        except Exception:
            logger.warning("Cache unavailable: looking for the session in the database")
        return Session.objects.filter(session_key=stored_key).exists()

    def create(self):
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        row = Session(
            session_key=self.stored_key,
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )
        using = router.db_for_write(Session, instance=row)
        try:
            with transaction.atomic(using=using):
                row.save(force_insert=must_create, force_update=not must_create, using=using)
        except IntegrityError:
            if must_create:
                raise CreateError from None
            raise
        except DatabaseError:
            if not must_create:
                raise UpdateError from None
            raise
        try:
            self._cache.set(self._cache_key(), data, self.get_expiry_age())
        except Exception:
            logger.exception("Error saving to cache (%s)", self._cache)

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is None:
            return
        sessions_delete(stored_keys=[session_stored_key(session_key)])

    @classmethod
    def clear_expired(cls):
        Session.objects.filter(expire_date__lt=timezone.now()).delete()
