"""RSS 2.0 and Atom feeds: the latest stories, per section and per topic, in each language.

``/feeds/…`` lists the Chinese stories, ``/en/feeds/…`` the English edition's (content/locales.py).

Every feed runs a fixed number of queries whatever its length: the 50 rows are ordered and
cut in SQL, made specific with stream fields deferred, and their topics prefetched.
"""

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext as _

from .locales import reading_locale
from .models import SectionPage, Topic
from .selectors import live_stories, section_stories, tagged_with

FEED_LENGTH = 50


class LatestStoriesFeed(Feed):
    """RSS 2.0: the latest live articles and policy explainers of the whole site."""

    request = None

    def __call__(self, request, *args, **kwargs):
        # The instance in the URLconf is shared by every thread: keep the request on a copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        return _("Gongzhi — latest stories")

    def link(self, obj=None):
        return "/en/" if get_language() == "en" else "/"

    def description(self, obj=None):
        return _("Governance news and policy explainers from Gongzhi.")

    def stories(self, obj):
        return live_stories()

    def items(self, obj):
        pages = self.stories(obj)[:FEED_LENGTH]
        return list(
            pages.defer_streamfields().specific()
            .prefetch_related("topics", for_specific_subqueries=True)
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description or ""

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/stories/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_author_name(self, item):
        return getattr(item, "byline", "") or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class SectionFeed(LatestStoriesFeed):
    """The latest stories of one section (栏目)."""

    def get_object(self, request, slug):
        # Each language's sections share their slugs: /en/feeds/sections/news/ is the English one.
        return get_object_or_404(SectionPage.objects.live().public().filter(locale=reading_locale()), slug=slug)

    def title(self, obj=None):
        return _("Gongzhi — %(section)s") % {"section": obj.title}

    def link(self, obj=None):
        return obj.get_url(request=self.request)

    def description(self, obj=None):
        return obj.intro or self.title(obj)

    def stories(self, obj):
        return section_stories(obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class TopicFeed(LatestStoriesFeed):
    """The latest stories tagged with one topic (主题)."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj=None):
        return _("Gongzhi — topic: %(topic)s") % {"topic": obj.name}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def description(self, obj=None):
        return obj.description or self.title(obj)

    def stories(self, obj):
        return tagged_with(live_stories(), topic=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)
