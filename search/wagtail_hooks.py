from wagtail import hooks

from content.hooks import SEARCH_TYPES

from .types import ArticleSearchType, DepartmentSearchType, PolicySearchType


# The search page's own types; other apps register theirs between (demands: order 30).
@hooks.register(SEARCH_TYPES, order=10)
def page_search_types():
    return [ArticleSearchType(), PolicySearchType()]


@hooks.register(SEARCH_TYPES, order=40)
def department_search_types():
    return [DepartmentSearchType()]
