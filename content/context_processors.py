"""Template context for every page: the header navigation and who publishes the site."""

from django.utils.functional import SimpleLazyObject

from .hooks import NAV_ITEMS, items


def navigation(request):
    """``nav_sections`` (the home page's sections), ``nav_items`` (``gongzhi_nav_items`` hooks) and
    ``site_identity`` (the ``SiteIdentity`` setting of the request's site: name, organiser, logo...).

    All lazy: a response that never shows the header (a feed, an API call) runs no query.
    """
    from .selectors import site_identity, site_sections

    return {
        "nav_sections": SimpleLazyObject(lambda: site_sections(request)),
        "nav_items": SimpleLazyObject(lambda: items(NAV_ITEMS, request)),
        "site_identity": SimpleLazyObject(lambda: site_identity(request)),
    }
