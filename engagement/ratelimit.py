"""Rate limits for public writes (comments, votes, ratings, demands): fixed windows in the cache.

    limit = RateLimit("comment", 5, 600)          # 5 per 10 minutes
    limit.check(request)   # raises RateLimited (a 429 with a message) when over, for the account and the IP

The messages are translated in engagement/locale (this module belongs to no app; LOCALE_PATHS lists it).

Views catch nothing: the middleware-free way is `rate_limited_response(exc)` or the
`@rate_limit(...)` decorator below, which turns RateLimited into HTTP 429.
"""

import functools
import ipaddress
import time

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import ngettext


class RateLimited(Exception):
    def __init__(self, message, retry_after):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def client_ip(request):
    """The client's address; behind the proxy, its first X-Forwarded-For hop (set TRUST_X_FORWARDED_FOR)."""
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
        if _is_ip(forwarded):  # anything else would be stored as a comment's IP (inet on PostgreSQL: a 500)
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


class RateLimit:
    def __init__(self, name, limit, window_seconds):
        self.name, self.limit, self.window = name, limit, window_seconds

    def _hit(self, who):
        window_start = int(time.time() // self.window)
        key = f"ratelimit:{self.name}:{who}:{window_start}"
        added = cache.add(key, 1, self.window + 5)
        count = 1 if added else cache.incr(key)
        retry_after = self.window - int(time.time()) % self.window
        return count, retry_after

    def check(self, request):
        """Count one attempt for the account (if logged in) and the IP; raise RateLimited when over."""
        keys = [f"ip:{client_ip(request)}"]
        if request.user.is_authenticated:
            keys.append(f"user:{request.user.pk}")
        for who in keys:
            count, retry_after = self._hit(who)
            if count > self.limit:
                raise RateLimited(self.message(), retry_after)

    def message(self):
        """What the 429 says, in the request's language (catalogue: engagement/locale)."""
        if self.window >= 3600 and self.window % 3600 == 0:
            hours = self.window // 3600
            return ngettext(
                "Too many attempts: at most %(limit)s in %(hours)s hour. Please try again later.",
                "Too many attempts: at most %(limit)s in %(hours)s hours. Please try again later.",
                hours,
            ) % {"limit": self.limit, "hours": hours}
        minutes = max(1, round(self.window / 60))
        return ngettext(
            "Too many attempts: at most %(limit)s in %(minutes)s minute. Please try again later.",
            "Too many attempts: at most %(limit)s in %(minutes)s minutes. Please try again later.",
            minutes,
        ) % {"limit": self.limit, "minutes": minutes}


def rate_limited_response(request, exc):
    html = render_to_string("429.html", {"message": exc.message}, request=request)
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def rate_limit(limit, *, methods=("POST",)):
    """Decorator for a view: apply `limit` to the given methods and answer 429 when over."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                try:
                    limit.check(request)
                except RateLimited as exc:
                    return rate_limited_response(request, exc)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
