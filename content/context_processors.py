"""Template context for every page: the header navigation."""

from django.utils.functional import SimpleLazyObject

from .hooks import NAV_ITEMS, items


def navigation(request):
    """``nav_sections`` (the home page's sections) and ``nav_items`` (``gongzhi_nav_items`` hooks).

    Both are lazy: a response that never shows the header (a feed, an API call) runs no query.
    """
    from .selectors import site_sections

    return {
        "nav_sections": SimpleLazyObject(lambda: site_sections(request)),
        "nav_items": SimpleLazyObject(lambda: items(NAV_ITEMS, request)),
    }
