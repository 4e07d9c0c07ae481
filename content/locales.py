"""The English edition: which language's pages a request reads, and where each language's link goes.

Chinese (the default locale, at ``/``) and English (at ``/en/``) are Wagtail locales
(``WAGTAIL_I18N_ENABLED``). The English edition is a page tree of its own: the English translation
of the site's root page (slug ``…-en``, a sibling under Wagtail's root) holds the translations of
the sections, which hold the translated stories; a translation shares its original's
``translation_key``. Wagtail serves ``/en/…`` from that tree (``site.root_page.localized``).

Three questions have one answer here:

- *Which pages does a listing show?* Those of the active language's locale (:func:`reading_locale`):
  home, sections, feeds, department/topic/area pages and search list English stories under
  ``/en/`` and Chinese ones at ``/``. A page nobody has translated is not listed in English.
- *What are a page's translations?* :func:`page_translations` (live and public ones): the hreflang
  alternates of the page and of the sitemap.
- *Where does "English" / "中文" go from here?* :func:`language_links`: the same page's translation,
  else its nearest translated ancestor (the section, the home page); outside Wagtail's pages (demands,
  search, transparency…) the same address under the other language's prefix.

A Chinese page reached under ``/en/`` (an old link, a story not translated yet) is served in
Chinese with a notice that it exists in Chinese only (``SectionPage.route``, :func:`is_untranslated`).

Every page asks these several times (the router, the listings, the header, the head), so the locales
come from the site-wide cache (``content.sitewide``: a Locale saved or deleted is seen at once) and a
page's translations and its ancestors' come in one query, remembered on the page for the request.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from . import sitewide

#: Each language labelled in its own name, whatever the page's language (never "英语").
LANGUAGE_SELF_NAMES = {"zh-hans": "中文", "en": "English"}


def locale_for(language_code):
    """The Locale of ``language_code`` (as Wagtail's ``Locale.objects.get_for_language``), without a query."""
    try:
        return sitewide.locales()[get_supported_content_language_variant(language_code)]
    except KeyError:
        raise Locale.DoesNotExist(f"No locale for {language_code!r}") from None


def reading_locale():
    """The Locale of the language being read (``/en/``: English), else the default (Chinese)."""
    try:
        return locale_for(translation.get_language())
    except (Locale.DoesNotExist, LookupError):
        return default_locale()


def default_locale():
    return locale_for(settings.LANGUAGE_CODE)


def localized(page):
    """``page`` in the language being read, as Wagtail's ``page.localized`` answers it (``page`` itself
    when that translation is missing or not live), remembered on the page: the router and the header
    both ask it of the site's root page."""
    try:
        locale = reading_locale()
    except Locale.DoesNotExist:
        return page
    if locale.pk == page.locale_id:
        return page
    remembered = page.__dict__.setdefault("_gongzhi_localized", {})
    if locale.pk not in remembered:
        # Kept with the site-wide lookups (a page saved or published starts their new version); in the
        # worker too for a site's root page, which routes every request under /en/.
        found, = sitewide.cached(f"localized:{page.pk}:{locale.pk}",
                                 lambda: (page.get_translation_or_none(locale),), per_worker=page.depth <= 2)
        remembered[locale.pk] = found if found is not None and found.live else page
    return remembered[locale.pk]


def hreflang(language_code):
    """``zh-hans`` → ``zh-Hans`` (BCP 47 casing: script subtags title-cased, regions upper-cased)."""
    parts = language_code.split("-")
    cased = [parts[0].lower()]
    for part in parts[1:]:
        cased.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower())
    return "-".join(cased)


def is_wagtail_page(obj):
    return isinstance(obj, Page) and bool(obj.pk)


def is_untranslated(page):
    """Whether ``page`` is a Chinese page shown under another language's prefix (``/en/``): not translated."""
    if not is_wagtail_page(page):
        return False
    active = translation.get_supported_language_variant(translation.get_language() or settings.LANGUAGE_CODE)
    return active != settings.LANGUAGE_CODE and page.locale_id == default_locale().pk


def _translated_lineage(page):
    """The live, public pages sharing a translation key with ``page`` or one of its ancestors, deepest
    first (one query, remembered on ``page``): its translations and its ancestors' translations.

    Kept with the site-wide lookups: what changes it (a page saved, published, unpublished or moved, a
    view restriction) starts their new version."""
    if "_gongzhi_lineage" not in page.__dict__:
        def lineage():
            keys = page.get_ancestors(inclusive=True).filter(depth__gt=1).values("translation_key")
            return list(sitewide.public(Page.objects.live()).filter(translation_key__in=keys, depth__gt=1)
                        .select_related("locale").order_by("-depth", "path"))

        page._gongzhi_lineage = sitewide.cached(f"lineage:{page.pk}", lineage, per_worker=False)
    return page._gongzhi_lineage


def page_translations(page):
    """``{language_code: page}`` of the live, public translations of ``page``, itself included."""
    return {p.locale.language_code: p for p in _translated_lineage(page) if p.translation_key == page.translation_key}


def translations_of(translation_keys, locale):
    """The live, public pages in ``locale`` with these translation keys, by translation key."""
    if not translation_keys:
        return {}
    found = sitewide.public(Page.objects.live()).filter(translation_key__in=translation_keys, locale=locale)
    return {p.translation_key: p for p in found}


def nearest_translation(page, language_code):
    """``page``'s live translation in the language, else its nearest ancestor's, else None."""
    return next((p for p in _translated_lineage(page) if p.locale.language_code == language_code), None)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool

    @property
    def hreflang(self):
        return hreflang(self.code)


def language_links(request, page=None):
    """One link per site language: to ``page``'s translation (or nearest translated ancestor), else the
    same address under that language's prefix. The current language's link is the current address."""
    here = request.get_full_path()
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            url = here
        elif is_wagtail_page(page) and (target := nearest_translation(page, code)) is not None:
            with translation.override(code):
                url = target.get_url(request)
        else:  # resolved in the current language (its prefix), reversed in the other
            url = translate_url(here, code)
        links.append(LanguageLink(code, LANGUAGE_SELF_NAMES.get(code, name), url, code == current))
    return links


def alternates(request, page=None):
    """``[(hreflang, url)]``, x-default (the Chinese address) last: a translated page's translations, or
    a non-page view's address in each language. Empty for a page that exists in one language only."""
    if is_wagtail_page(page):
        by_language = page_translations(page)
        if len(by_language) < 2:
            return []
        urls = {code: p.get_url(request) for code, p in by_language.items()}
    else:
        here = request.get_full_path()
        urls = {code: translate_url(here, code) for code, _name in settings.LANGUAGES}
    result = [(hreflang(code), urls[code]) for code, _name in settings.LANGUAGES if urls.get(code)]
    if urls.get(settings.LANGUAGE_CODE):
        result.append(("x-default", urls[settings.LANGUAGE_CODE]))
    return result


class FallBackToChinese:
    """Page mixin (home, sections): under ``/en/``, a path the English tree lacks is looked up in the
    Chinese original, so a story not translated yet is served in Chinese with the notice
    (``includes/untranslated_notice.html``), not a 404."""

    def route(self, request, path_components):
        from django.http import Http404

        try:
            return super().route(request, path_components)
        except Http404:
            original = None
            if path_components and self.locale.language_code != settings.LANGUAGE_CODE:
                original = self.get_translation_or_none(default_locale())
            if original is None or not original.live:
                raise
            return original.specific.route(request, path_components)
