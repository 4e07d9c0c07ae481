"""What no view of this site can use, refused once at the edge: NUL characters in the address.

A NUL (%00) in a path or a query string reached the database as text in lookups all over the site
(pages by slug, demands by tracking number, search filters by slug…): harmless on SQLite, a DataError
on PostgreSQL, which cannot hold NUL in text: a 500. No address of the site contains one, so the
request is answered 400 with a page that says so.

Open311 and the API v3 answer in their own formats (GeoReport's error list, problem+json), so they
check their own parameters (engagement/demands/open311.py, gongzhi/api.py) and are not answered here.
Cookies holding NUL are dropped rather than refused (a resident could not remove them): the request
goes on without them. Form fields refuse NUL themselves (Django's CharField), with a message by the field.

A request Django itself cannot read (a body over DATA_UPLOAD_MAX_MEMORY_SIZE, a malformed multipart body,
more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters…) is refused by Django before any view answers: on
Open311 and API paths the refusal is in their formats too (bad_request, the site's handler400). So is
Django's 404 for an address that only looks like theirs: under another prefix (/api/v2/, /en/api/v3/,
/en/open311/v2/…), where no view of theirs runs (not_found, the site's handler404).
"""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

SELF_CHECKING = ("/open311/", "/api/")


def has_nul(request):
    if "\x00" in request.path_info:
        return True
    return b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", ""))


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [k for k, v in request.COOKIES.items() if "\x00" in k or "\x00" in v]:
            del request.COOKIES[name]
        if has_nul(request) and not request.path_info.startswith(SELF_CHECKING):
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        # Before the session and the language middleware: this page needs neither.
        request.user = AnonymousUser()
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            html = render_to_string("400.html", {"message": _(
                "This address contains a NUL character (%00): no page of this site has one. Please check the link."
            )}, request=request)
        return HttpResponseBadRequest(html)


def _unprefixed(path):
    """``path`` without the English edition's /en prefix: the API and Open311 have no language in their path."""
    return path[len("/en"):] if path.startswith("/en/") else path


def not_found(request, exception=None):
    """Django's 404: GeoReport's error list under /open311/, problem+json under /api/ (with or without /en),
    the site's page elsewhere."""
    from wagtail.api.v3.errors import problem_response

    from engagement.demands import open311

    path = _unprefixed(request.path_info)
    if path.startswith("/open311/"):
        return open311.not_found(request, path)
    if path.startswith("/api/"):
        return problem_response(status=404, detail="No such API endpoint: the API is at /api/v3/ "
                                "(English content with ?locale=en), described by /api/v3/openapi.json")
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """Django's 400 (the request could not be read): GeoReport's error list under /open311/, problem+json
    under /api/, the site's page elsewhere. A body too large is a 413."""
    from wagtail.api.v3.errors import problem_response

    from engagement.demands.open311 import unreadable

    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    if request.path_info.startswith("/open311/"):
        return unreadable(request, status)
    if request.path_info.startswith("/api/"):
        return problem_response(status=status, detail="The request could not be read (its body or query string "
                                "is malformed or too large).")
    return defaults.bad_request(request, exception)
