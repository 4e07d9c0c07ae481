"""What the search page searches: the result types that apps register through a hook.

Search knows content, so articles, policies and departments are defined here (and registered in
``search/wagtail_hooks.py``). Every other app registers its own types, so that search never imports
it (the demands app: ``engagement/demands/search.py``)::

    @hooks.register(SEARCH_TYPES, order=30)  # content/hooks.py: "gongzhi_search_types"
    def demand_search_types():
        return [DemandSearchType()]

Hooks run in their ``order`` (Wagtail's), which is the order of the type facets on the page and
breaks ties in the merged ranking. A search type is any object with:

``key``
    ``"demand"``: the ``?type=`` value, the key of ``Outcome.type_counts``, the hit's CSS modifier.
``label``
    ``_("Public demands")``: the facet and the line above each hit.
``queryset(filters)``
    What may be searched, filtered: a queryset of an indexed model, or ``None`` when the filters
    exclude the type. This is where the type's rule for who may read it lives (demands:
    ``Demand.objects.publicly_readable()``). ``filters`` has ``topic`` and ``department`` (a Topic /
    Department or None), ``date_from`` / ``date_to`` (dates or None) and ``since`` / ``until`` (the
    aware datetimes where those days start and end, or None).
``show(obj, request)``
    How a hit is listed: a mapping with ``title``, ``url``, and optionally ``snippet`` (plain text the
    excerpt is cut from) and ``date``. Search escapes both and marks the matched words.
``topic_field``, ``department_field``
    The fields the topic and department facets count (``"topic"``, ``"departments"``, ``"pk"``...),
    or None when the type adds nothing to that facet.

Optionally, ``exact(query, request)``: the URL to go straight to when ``query`` names one object
exactly and ``request.user`` may open it (demands: a tracking number, under the demands' read rule),
else None; the search page then redirects instead of searching.

Optionally, ``prior`` (default 1.0): what a hit of the type weighs in the merged ranking against the
others' (its relevance score is multiplied by it).

Optionally, ``similar(text, limit)`` (objects that resemble ``text``) and ``similar_template`` (a
template given them as ``objects``) for ``{% similar "<key>" text %}``.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from content.hooks import SEARCH_TYPES, items
from content.models import ArticlePage, Department, PolicyPage
from content.page_search import PageSearchType

from .highlight import plain_text


def search_types():
    """Every registered type by key, in hook order (read on each call: tests register their own)."""
    found = {}
    for search_type in items(SEARCH_TYPES):
        if search_type.key in found:
            raise ImproperlyConfigured(f'Two search types are registered as "{search_type.key}".')
        found[search_type.key] = search_type
    return found


class ArticleSearchType(PageSearchType):
    key, label, model = "article", _("News"), ArticlePage
    department_field = "departments"

    def by_department(self, qs, department):
        return qs.filter(departments__slug=department.slug)

    def fallback_snippet(self, page):
        return plain_text(page.body)


class PolicySearchType(PageSearchType):
    key, label, model = "policy", _("Policies"), PolicyPage
    department_field = "issuing_department"

    def by_department(self, qs, department):
        return qs.filter(issuing_department=department.pk)

    def fallback_snippet(self, page):
        return page.policy_title


class DepartmentSearchType:
    key, label = "department", _("Departments")
    topic_field, department_field = None, "pk"

    def queryset(self, filters):
        if filters.topic or filters.date_from or filters.date_to:
            return None  # departments have neither topics nor dates
        qs = Department.objects.all()
        if filters.department:
            qs = qs.filter(slug=filters.department.slug)
        return qs

    def show(self, department, request):
        return {"title": department.name, "url": department.get_absolute_url(), "snippet": department.description}
