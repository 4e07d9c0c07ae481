from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from content.hooks import NAV_ITEMS, SEARCH_TYPES

from .types import ArticleSearchType, DepartmentSearchType, PolicySearchType


@hooks.register(NAV_ITEMS)
def search_nav_item(request):
    return [(_("Search"), reverse("search:search"))]


# The search page's own types; other apps register theirs between (demands: order 30).
@hooks.register(SEARCH_TYPES, order=10)
def page_search_types():
    return [ArticleSearchType(), PolicySearchType()]


@hooks.register(SEARCH_TYPES, order=40)
def department_search_types():
    return [DepartmentSearchType()]
