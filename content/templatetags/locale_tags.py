"""Template tags of the English edition: the language switcher, hreflang alternates, the Chinese-only notice."""

from django import template

from .. import locales
from ..site import site_url

register = template.Library()


def _page(context):
    page = context.get("page")
    return page if locales.is_wagtail_page(page) else None


@register.simple_tag(takes_context=True)
def language_links(context):
    """``[LanguageLink]`` for the header: plain links (no form, no cookie), current language marked."""
    request = context.get("request")
    return locales.language_links(request, _page(context)) if request is not None else []


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """``[(hreflang, absolute url on the public address)]`` for ``<link rel="alternate" hreflang>`` (x-default last)."""
    request = context.get("request")
    if request is None:
        return []
    return [(lang, site_url(url)) for lang, url in locales.alternates(request, _page(context))]


@register.simple_tag(takes_context=True)
def untranslated_page(context):
    """The page being shown if it is not in the language being read (a Chinese page under /en/), else None."""
    page = _page(context)
    return page if page is not None and locales.is_untranslated(page) else None
