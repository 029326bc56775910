"""Sessions read from the cache and kept in the database (Django's cached_db), where an
unreachable cache costs speed, not sign-ins: a session is then read from the database.

Deleting a session still needs the cache: a copy left there would sign the person back in once
the cache returned.
"""

import logging

from django.contrib.sessions.backends import cached_db, db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            data = self._cache.get(self.cache_key)
        except Exception:
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if not stored:
            return {}
        data = self.decode(stored.session_data)
        try:
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.warning("Session not copied to the cache (%s)", self._cache, exc_info=True)
        return data

    def exists(self, session_key):
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("Cache unavailable: looking for the session in the database")
        return db.SessionStore.exists(self, session_key)
