"""sitemap.xml: every live page (Wagtail's generator) plus the department and topic pages."""

from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from .models import Department, Topic
from .site import site_url


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


SITEMAPS = {"pages": PageSitemap, "vocabulary": VocabularySitemap}
