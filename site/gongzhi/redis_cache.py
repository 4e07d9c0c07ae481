"""Django's Redis cache backend, keeping one ``redis.Redis`` per connection pool.

Django's makes a new client for every cache operation (it builds ~170 response callbacks each time);
an article reads the cache several times, on every request. The client is thread-safe: its
connections come from the pool, as before.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
