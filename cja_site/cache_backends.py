"""Django's Redis cache, keeping one Redis client per connection pool, and reading (get,
get_many) over a connection each thread keeps.

Django builds a new `redis.Redis` for every cache call; building one costs about as much as
the network round trip of a small GET (it fills a table of response callbacks). The client is
thread-safe and holds no connection of its own, so one per pool does.

A read through the client still takes a connection from the pool and gives it back, through
redis-py's retry and instrumentation wrappers: three times the cost of the round trip itself, on
the page cache's every hit. Reads go straight over a connection of the thread's own instead,
tried once more on a new connection if the old one has gone (Redis restarted).
"""

import os
import threading

from django.core.cache.backends import redis
from redis.exceptions import ConnectionError, TimeoutError


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._reader = threading.local()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client

    def get(self, key, default):
        value = self._read("GET", key)
        return default if value is None else self._serializer.loads(value)

    def get_many(self, keys):
        keys = list(keys)
        values = self._read("MGET", *keys)
        loads = self._serializer.loads
        return {
            key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }

    def _read(self, *command):
        try:
            return self._send(self._connection(), command)
        except (ConnectionError, TimeoutError):
            return self._send(self._connection(), command)

    def _connection(self):
        """This thread's reading connection; a new one in a forked process (a server worker)."""
        held = getattr(self._reader, "held", None)
        if held is None or held[0] != os.getpid():
            pool = self._get_connection_pool(write=False)
            held = (os.getpid(), pool.connection_class(**pool.connection_kwargs))
            self._reader.held = held
        return held[1]

    def _send(self, connection, command):
        try:
            connection.send_command(*command)
            return connection.read_response()
        except BaseException:
            # Whatever was half sent or half read must not be read as the next answer.
            connection.disconnect()
            self._reader.held = None
            raise


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def validate_key(self, key):
        # Redis takes any key: the warnings about keys memcached would refuse do not apply.
        pass
