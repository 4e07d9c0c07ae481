"""sitemap.xml: every live page of every language (Wagtail's generator) plus the department and topic pages.

Each translated page lists its translations as ``xhtml:link`` alternates (hreflang zh-Hans, en,
x-default: the Chinese one), found for a whole sitemap page in one query.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page

from . import sitewide
from .locales import hreflang
from .models import Department, Topic
from .site import site_url


class TranslatedPageSitemap(PageSitemap):
    """The site's page tree and its translations' trees (``/`` and ``/en/``), with hreflang alternates."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True).only("path")
        in_a_tree = Q()
        for root in roots:
            in_a_tree |= Q(path__startswith=root.path)
        return sitewide.public(Page.objects.filter(in_a_tree).live()).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        by_key = {}
        keys = {i.translation_key for i in items}
        live = sitewide.public(Page.objects.live()).filter(translation_key__in=keys, depth__gt=1)
        for translation in live.select_related("locale"):
            by_key.setdefault(translation.translation_key, {})[translation.locale.language_code] = translation
        urls, last_mods = [], set()
        for item in items:
            translations = by_key.get(item.translation_key, {})
            for url_info in item.get_sitemap_urls(self.request):
                url_info.setdefault("alternates", self.alternates(translations) if len(translations) > 1 else [])
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:  # Wagtail's rule: the sitemap's lastmod only if every page has one
            self.latest_lastmod = max(last_mods)
        return urls

    def alternates(self, translations):
        result = [{"lang_code": hreflang(code), "location": translations[code].get_full_url(self.request)}
                  for code, _name in settings.LANGUAGES if code in translations]
        if settings.LANGUAGE_CODE in translations:
            result.append({"lang_code": "x-default",
                           "location": translations[settings.LANGUAGE_CODE].get_full_url(self.request)})
        return result


class VocabularySitemap(PageSitemap):
    """Department and topic pages, on the public address like Wagtail's pages (its Site follows SITE_URL)."""

    changefreq = "daily"

    def items(self):
        return [*Department.objects.only("slug"), *Topic.objects.only("slug")]

    def _urls(self, page, protocol, domain):
        return [
            {"item": obj, "location": site_url(obj.get_absolute_url()),
             "lastmod": None, "changefreq": self.changefreq, "priority": None, "alternates": []}
            for obj in self.paginator.page(page).object_list
        ]


SITEMAPS = {"pages": TranslatedPageSitemap, "vocabulary": VocabularySitemap}
