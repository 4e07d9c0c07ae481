"""Wagtail's API v3 at /api/v3/, with its query string bounded at the edge.

Wagtail checks that `limit` is at most WAGTAILAPI_LIMIT_MAX but not how far `offset` goes: a huge offset
reached the database as an OFFSET it cannot hold (SQLite: OverflowError; PostgreSQL: bigint out of range),
a 500. A NUL character in a parameter Wagtail looks up itself (locale, site…) is a PostgreSQL error too.
Both are refused here with the API's own problem+json 400, before the API runs, and so is a `fields`
parameter on a listing (Wagtail v3 listings give id, title and meta only and would silently ignore it).

Also here: the OpenAPI document is completed (gongzhi/api_schema.py) and images' download_url is made
absolute on the public address, as documents' already is.
An unknown `locale` (a 404 before, as if the listing did not exist) is refused the same way.
A well-formed id that names no page (`ancestor_of`, `child_of`… a 422 from Wagtail) is a 404, and two
combinations Wagtail refuses are given their meaning (gongzhi/api_query.py).
"""

import json
import re
from decimal import Decimal, InvalidOperation
from functools import wraps

from django.urls import URLPattern, URLResolver
from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api

from content.site import site_url
from gongzhi import api_schema
from gongzhi.api_query import served_query

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
SITE = re.compile(api_schema.SITE_PATTERN)

# Listings (not an item, not find/): /api/v3/pages/, /images/, /documents/, /snippets/<type>/ …
LISTING = re.compile(r"^/api/v3/(?:pages|images|documents|redirects|sites|snippets/[^/]+)/$")


def refusal(query, path=""):
    """The problem+json 400 for a query string the API must not run, else None."""
    if "fields" in query and LISTING.match(path):
        return problem_response(status=400, detail="fields is not supported on listings: each item's fields "
                                "are at its meta.detail_url")
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in v for v in values):
            return problem_response(status=400, detail=f"{name.replace(chr(0), '')!s} cannot contain NUL characters")
        if name == "site" and not all(SITE.match(v) for v in values):
            return problem_response(status=400, detail="site must be a hostname, optionally with :port")
        if name == "locale" and not all(v in api_schema.content_languages() or not v for v in values):
            return problem_response(status=400, detail=f"locale must be one of: {', '.join(api_schema.content_languages())}")
        largest = INTEGER_PARAMS.get(name)
        if largest is not None and any(_too_big(v, largest) for v in values):
            return problem_response(status=400, detail=f"{name} cannot be higher than {largest}")
    return None


def _missing_is_not_found(response):
    """Wagtail answers an id that is well-formed and names no page (``ancestor_of=100``) with a 422, as if
    the query were malformed: it is a 404, like the same id in a path."""
    if response.status_code != 422 or not response["Content-Type"].startswith("application/problem+json"):
        return response
    errors = json.loads(response.content).get("errors") or []
    if errors and all(error.get("type") == "does_not_exist" for error in errors):
        return problem_response(status=404, detail=" ".join(error.get("msg", "") for error in errors))
    return response


def bounded(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        refused = refusal(request.GET, request.path)
        if refused:
            return refused
        request.GET = served_query(request)
        return _missing_is_not_found(view(request, *args, **kwargs))

    return wrapper


def _bound(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _bound(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = bounded(pattern.callback)
    return patterns


def not_found(request, rest=""):
    """Any other path under /api/v3/: the API's own problem+json 404, never the site's HTML page."""
    return problem_response(status=404, detail="No such API endpoint: see /api/v3/openapi.json")


def _absolute_image_downloads():
    """Images' meta.download_url on the public address (Wagtail gives the storage's relative URL).

    Wagtail 8.0.1 declares it as a ninja resolver on ImageMetaSchema, shared by the schemas derived
    from it: wrapping that one resolver changes every image in the API."""
    from wagtail.images.api.v3.schemas import ImageMetaSchema

    resolver = ImageMetaSchema._ninja_resolvers["download_url"]
    relative = resolver._func
    if not getattr(relative, "gongzhi_absolute", False):
        def absolute(obj, *args, **kwargs):
            url = relative(obj, *args, **kwargs)
            return site_url(url) if url else url

        absolute.gongzhi_absolute = True
        resolver._func = absolute


def urls():
    """What to mount at api/v3/ (in place of `api.urls`)."""
    api_schema.install(api)
    _absolute_image_downloads()
    patterns, app_name, namespace = api.urls
    return _bound(patterns), app_name, namespace
