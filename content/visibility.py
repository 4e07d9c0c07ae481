"""May this request see this page? One answer, for the page and for everything that hangs off it.

Comments, reactions, reports, poll votes and policy ratings belong to a page: whoever cannot see
the page may neither read nor make them. ``page_is_viewable`` is the single rule, built on
Wagtail's own privacy: the page must be live (not a draft, not unpublished, not expired) and every
view restriction on it or on an ancestor (``page.get_view_restrictions()``) must accept the request
(``restriction.accept_request(request)``: the password entered in this session, a login, a group).

Callers refuse with ``not_viewable_response``: a page nobody may know exists (missing, not live) is
a 404; a private page (whose existence Wagtail itself reveals, by asking for its password or a
login) sends the visitor back to it with ``NOT_VIEWABLE`` — and nothing is written.
"""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction

NOT_VIEWABLE = _("This page is private: enter its password, or log in with an account that may see it, first.")

_CACHE_ATTR = "_gongzhi_viewable_pages"


def _accepts(restriction, request):
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        if getattr(request, "session", None) is None:
            return False  # no session: no password entered
    elif getattr(request, "user", None) is None:
        return False  # no user: nobody logged in
    return restriction.accept_request(request)


def page_is_viewable(page, request):
    """Whether `request` (its user, its session) may see `page`: live, and every view restriction passed.

    None (a page that does not exist) is not viewable. The answer is remembered on the request, so
    the several panels under one page ask the database once.
    """
    if page is None or not page.pk:
        return False
    if not page.live:
        return False
    from . import sitewide

    if not sitewide.any_view_restrictions():
        return True
    cache = request.__dict__.setdefault(_CACHE_ATTR, {})
    if page.pk not in cache:
        cache[page.pk] = all(_accepts(r, request) for r in page.get_view_restrictions())
    return cache[page.pk]


def not_viewable_response(request, page):
    """The refusal for a write on (or a form of) a page `request` may not see: 404 or back to the page."""
    if page is None or not page.pk or not page.live:
        raise Http404
    messages.error(request, NOT_VIEWABLE)
    return redirect(page.get_url(request) or "/")


def unviewable_page_ids(page_ids, request):
    """The ids among `page_ids` (ids or a values_list subquery) of pages `request` may not see.

    For lists of things attached to pages (the poll list): only the few pages that are not live or
    lie under a view restriction are asked ``page_is_viewable``; every other page is public.
    """
    from . import sitewide

    suspect = Q(live=False)
    if sitewide.any_view_restrictions():
        for path in PageViewRestriction.objects.values_list("page__path", flat=True):
            suspect |= Q(path__startswith=path)
    return {page.pk for page in Page.objects.filter(suspect, pk__in=page_ids) if not page_is_viewable(page, request)}
