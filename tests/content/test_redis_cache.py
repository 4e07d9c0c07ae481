"""gongzhi.redis_cache: Django's Redis backend with one client per pool, against a real Redis."""

import socket
import uuid

import pytest

from gongzhi.redis_cache import RedisCache

URL = "redis://127.0.0.1:6379/7"


def _redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def cache():
    backend = RedisCache(URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.delete_many(["generation", "story", "missing"])


def test_what_one_request_writes_the_next_reads_through_the_same_client(cache):
    cache.set("generation", 41, timeout=None)
    cache.incr("generation")
    cache.set("story", (42, {"comments": ["第一条"]}), timeout=60)

    assert cache.get_many(["generation", "story", "missing"]) == {
        "generation": 42, "story": (42, {"comments": ["第一条"]})}
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
