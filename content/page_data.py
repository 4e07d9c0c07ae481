"""What a page shows from other apps' data, kept in the shared cache until the page is purged.

A story's comments (a thousand of them: five queries and a tree) are the same for every reader until
something changes what the page shows, and content/purge.py is the one place that knows when that is:
every path it purges gets a new generation here (at once, and again after the commit, since a reader in
between may have kept the old data), and what is kept for a page is kept under its path's generation.
So a page the proxy has to render again (purged, expired, or never cached) reads what nothing changed
from here, and what changed from the database.

Entries expire with the proxy's ``s-maxage`` (``GONGZHI_CACHE_SECONDS``): what no purge covers (a
resident renaming themselves) is no staler here than in the proxy's copy of the page. Values are
pickled (Redis, or the per-process cache without ``REDIS_URL``): each use gets its own copy.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "pagedata:generation:{}"


def _digest(path):
    return hashlib.sha256(path.encode()).hexdigest()[:32]


def _generation(digest):
    key = GENERATION_KEY.format(digest)
    value = cache.get(key)
    if value is None:
        # A random first generation: a cleared or evicted counter never returns to one already used.
        cache.add(key, secrets.randbits(48), timeout=None)
        value = cache.get(key)
    return value


def forget(paths):
    """Start a new generation for each of ``paths`` (unprefixed, as content/purge.py purges them)."""
    for path in paths:
        key = GENERATION_KEY.format(_digest(path))
        try:
            cache.incr(key)
        except ValueError:  # never read (nothing kept) or evicted
            cache.set(key, secrets.randbits(48), timeout=None)


def kept(page, name, compute):
    """``compute()``, or what it returned for ``page`` since the page was last purged.

    ``name`` tells apart what one page keeps (``"comments:1:20:2"``); None is not kept. The value is
    stored with the generation it was computed in, so one round trip reads both.
    """
    from .purge import page_path

    path = page_path(page)
    if path is None:
        return compute()
    digest = _digest(path)
    generation_key, key = GENERATION_KEY.format(digest), f"pagedata:{digest}:{name}"
    found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    if generation is None:
        generation = _generation(digest)
    elif key in found and found[key][0] == generation:
        return found[key][1]
    value = compute()
    if value is not None:
        cache.set(key, (generation, value), settings.GONGZHI_CACHE_SECONDS)
    return value
