"""Wagtail's API v3 at /api/v3/, with its query string bounded at the edge.

Wagtail checks that `limit` is at most WAGTAILAPI_LIMIT_MAX but not how far `offset` goes: a huge offset
reached the database as an OFFSET it cannot hold (SQLite: OverflowError; PostgreSQL: bigint out of range),
a 500. A NUL character in a parameter Wagtail looks up itself (locale, site…) is a PostgreSQL error too.
An unknown `locale` was a 404, as if the listing did not exist. All are refused here with the API's own
problem+json 400, before the API runs.
"""

import re
from decimal import Decimal, InvalidOperation
from functools import wraps

from django.conf import settings
from django.urls import URLPattern, URLResolver
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api

# Integer parameters and the largest value each may take: more than any site has pages, less than
# any database's integer (2**31 - 1 fits them all).
INTEGER_PARAMS = {"offset": 2**31 - 1, "limit": 2**31 - 1}


def _too_big(value, largest):
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return False  # not a number: the API says so itself (422)
    return number.is_finite() and number > largest


# `site` is "hostname[:port]"; Wagtail hands the port to an integer column unchecked (a 500).
SITE = re.compile(r"^[A-Za-z0-9.-]{1,255}(:[0-9]{1,5})?$")


def _content_languages():
    """The locales pages are written in (``?locale=en`` lists the English edition)."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def refusal(query):
    """The problem+json 400 for a query string the API must not run, else None."""
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            return problem_response(status=400, detail=f"{name.replace(chr(0), '')!s} cannot contain NUL characters")
        if name == "site" and not all(SITE.match(v) for v in values):
            return problem_response(status=400, detail="site must be a hostname, optionally with :port")
        if name == "locale" and not all(v in _content_languages() or not v for v in values):
            return problem_response(status=400, detail=f"locale must be one of: {', '.join(_content_languages())}")
        largest = INTEGER_PARAMS.get(name)
        if largest is not None and any(_too_big(v, largest) for v in values):
            return problem_response(status=400, detail=f"{name} cannot be higher than {largest}")
    return None


def bounded(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return refusal(request.GET) or view(request, *args, **kwargs)

    return wrapper


def _bound(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _bound(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = bounded(pattern.callback)
    return patterns


def urls():
    """What to mount at api/v3/ (in place of `api.urls`)."""
    patterns, app_name, namespace = api.urls
    return _bound(patterns), app_name, namespace
