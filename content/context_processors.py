"""Template context for every page: the header navigation."""

from django.utils.functional import SimpleLazyObject
from wagtail import hooks


def navigation(request):
    """``nav_sections`` (the home page's sections) and ``nav_items`` (``gongzhi_nav_items`` hooks).

    Both are lazy: a response that never shows the header (a feed, an API call) runs no query.
    """
    from .selectors import site_sections

    def items():
        collected = []
        for fn in hooks.get_hooks("gongzhi_nav_items"):
            collected.extend(fn(request) or [])
        return collected

    return {
        "nav_sections": SimpleLazyObject(lambda: site_sections(request)),
        "nav_items": SimpleLazyObject(items),
    }
