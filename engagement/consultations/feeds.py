"""RSS 2.0 and Atom feeds of consultations: the latest put out for opinion, and their reports (a fixed number of queries)."""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import ConsultationPage

FEED_LENGTH = 50


class ConsultationFeed(Feed):
    request = None

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)  # the URLconf's instance is shared by every thread
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self):
        return _("Gongzhi — policy consultations")

    def link(self):
        return reverse("consultations:index")

    def description(self):
        return _("Draft policies open for residents' opinions, and the departments' adoption reports.")

    def items(self):
        return list(ConsultationPage.objects.live().public().select_related("issuing_department")
                    .order_by("-first_published_at", "-pk")[:FEED_LENGTH])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return _("%(department)s asks for opinions from %(opens)s to %(closes)s. %(summary)s") % {
            "department": item.issuing_department.name, "opens": f"{item.opens_on:%Y-%m-%d}",
            "closes": f"{item.closes_on:%Y-%m-%d}", "summary": item.summary}

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/consultations/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [item.issuing_department.name]


class ConsultationAtomFeed(ConsultationFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
