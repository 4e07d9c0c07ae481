"""RSS 2.0 and Atom feeds of consultations: the latest put out for opinion, and their reports (a fixed number of queries).

They frame their entries as the story feeds do (content/feeds.py): links on the public address, tag-URI
ids, the publisher as the feed's author, the logo, an updated date on every entry.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from content.feed_formats import StoriesAtom
from content.feeds import FEED_LENGTH, LatestStoriesFeed
from content.site import site_url

from .models import ConsultationPage


class ConsultationFeed(LatestStoriesFeed):
    def title(self, obj=None):
        return _("Gongzhi — policy consultations")

    def link(self, obj=None):
        return site_url(reverse("consultations:index"))

    def description(self, obj=None):
        return _("Draft policies open for residents' opinions, and the departments' adoption reports.")

    def items(self, obj):
        return list(ConsultationPage.objects.live().public().select_related("issuing_department")
                    .order_by("-first_published_at", "-pk")[:FEED_LENGTH])

    def item_description(self, item):
        return _("%(department)s asks for opinions from %(opens)s to %(closes)s. %(summary)s") % {
            "department": item.issuing_department.name, "opens": f"{item.opens_on:%Y-%m-%d}",
            "closes": f"{item.closes_on:%Y-%m-%d}", "summary": item.summary}

    def item_author_name(self, item):
        return item.issuing_department.name

    def item_categories(self, item):
        return [item.issuing_department.name]


class ConsultationAtomFeed(ConsultationFeed):
    feed_type = StoriesAtom

    def subtitle(self, obj=None):
        return self.description(obj)
