"""The embedded runtime's page cache: anonymous pages kept in the configured Django cache.

In production a proxy in front of gunicorn does this job (deploy/varnish.vcl) and
``GONGZHI_PAGE_CACHE`` is off; on one machine without a proxy this middleware is it. It stores only
what ``CacheHeadersMiddleware`` marked ``public`` (so never a personal page), serves it to any request
without a personal cookie, and forgets a path — every query string of it — when
``wagtail.contrib.frontend_cache`` purges its URL (``PageCacheBackend``, configured in
``WAGTAILFRONTENDCACHE``). Keys hold the path and query only: one Wagtail site per cache.

Why not Django's ``UpdateCacheMiddleware``: its key is learnt from the response's Vary header, so a
logged-in reader would be handed the anonymous copy, and it cannot forget a URL by name.
"""

import hashlib
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from .caching import is_personal_request

S_MAXAGE = re.compile(r"s-maxage=(\d+)")
HIT_HEADER = "X-Page-Cache"


def _cache():
    return caches[settings.GONGZHI_PAGE_CACHE_ALIAS]


def _version_key(path):
    return "page-version:" + hashlib.sha1(path.encode()).hexdigest()


def _page_key(path, query, version, method):
    digest = hashlib.sha1(f"{path}?{query}".encode()).hexdigest()
    return f"page:{method}:{version}:{digest}"


def _version(path, create=False):
    cache = _cache()
    version = cache.get(_version_key(path))
    if version is None and create:
        version = secrets.token_hex(4)
        cache.set(_version_key(path), version, None)
    return version


def forget(path):
    """Forget every cached copy of ``path`` (all its query strings): a new version makes old keys unreachable."""
    _cache().set(_version_key(path), secrets.token_hex(4), None)


class PageCacheMiddleware:
    """Answers an anonymous GET from the cache, or stores the public response the site made for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.GONGZHI_PAGE_CACHE or is_personal_request(request):
            return self.get_response(request)
        path, query = request.path, request.META.get("QUERY_STRING", "")
        method = "HEAD" if request.method == "HEAD" else "GET"
        version = _version(path)
        if version is not None:
            cached = _cache().get(_page_key(path, query, version, method))
            if cached is not None:
                cached[HIT_HEADER] = "hit"
                return cached
        response = self.get_response(request)
        self._store(response, path, query, method)
        return response

    def _store(self, response, path, query, method):
        match = S_MAXAGE.search(response.get("Cache-Control", ""))
        if not match or "public" not in response["Cache-Control"] or response.cookies:
            return
        response[HIT_HEADER] = "miss"
        key = _page_key(path, query, _version(path, create=True), method)
        timeout = int(match.group(1))
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.add_post_render_callback(lambda r: _cache().set(key, r, timeout))
        else:
            _cache().set(key, response, timeout)


class PageCacheBackend(BaseBackend):
    """``wagtail.contrib.frontend_cache`` backend that purges the in-process page cache by URL path."""

    def purge(self, url):
        forget(urlsplit(url).path or "/")
