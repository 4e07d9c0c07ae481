"""Two queries the OpenAPI document allows and Wagtail 8.0.1 refuses (422), given the meaning they have.

OpenAPI cannot say that one query parameter excludes another, so a client that follows the document
may send either of these; instead of refusing it, the API answers what it asks:

- ``order=random`` with an ``offset``: a shuffled order has no pages, so every call is a fresh random
  sample of ``limit`` items and the offset is ignored (as the document says); with ``search`` (whose
  backend cannot shuffle), results come by relevance;
- ``child_of`` with ``descendant_of`` on pages: the children of child_of that are also under
  descendant_of, i.e. all of child_of's children when child_of is descendant_of or under it, else none.
  The pages are looked up as Wagtail will (the bearer token's user, else anonymous); when one cannot
  be, the other parameter is dropped, so that Wagtail says what is wrong (no such page or site: a 404,
  see gongzhi/api.py).
"""

from django.http import Http404
from ninja.errors import HttpError
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth
from wagtail.api.v3.querysets import get_pages_queryset
from wagtail.models import Site

PAGE_LISTING = "/api/v3/pages/"
RANDOM_ORDER_NOTE = ("`random` gives a fresh random sample of `limit` items on each call: `offset` does not apply "
                     "to it; with `search`, results come by relevance.")
CHILD_AND_DESCENDANT_NOTE = ("With descendant_of too: the children of child_of that are under descendant_of "
                             "(none unless child_of is descendant_of or one of its descendants).")


def _visible_page(request, value):
    """The page a child_of/descendant_of value names ("root": the site's root page) if the caller may
    see it, else None."""
    if value == "root":
        site = Site.find_for_request(request)
        return site.root_page if site else None
    if not value.isdigit() or len(value) > 10:
        return None
    try:
        return get_pages_queryset(request).filter(pk=int(value)).first()
    except (Http404, HttpError):  # the `site` parameter names no site, or several
        return None


def _children_under(request, query):
    """child_of + descendant_of as filters Wagtail runs (``query`` is a mutable copy)."""
    if not BearerTokenAuth()(request):  # the user Wagtail's pages listing will see (its auth, in order)
        AllowAnonymous()(request)
    parent = _visible_page(request, query["child_of"])
    ancestor = _visible_page(request, query["descendant_of"]) if parent else None
    if parent is None or ancestor is None:
        del query["descendant_of" if parent is None else "child_of"]
    else:
        del query["descendant_of"]
        if not (parent.pk == ancestor.pk or parent.is_descendant_of(ancestor)):
            query["ancestor_of"] = str(parent.pk)  # no child of a page is also its ancestor: an empty listing
    return query


def served_query(request):
    """The query Wagtail is given for ``request`` (a copy when it differs from ``request.GET``)."""
    query = request.GET
    if query.getlist("order") == ["random"] and ("offset" in query or "search" in query):
        query = query.copy()
        query.pop("order" if "search" in query else "offset")
    if request.path == PAGE_LISTING and query.get("child_of") and query.get("descendant_of"):
        query = _children_under(request, query.copy())
    return query
