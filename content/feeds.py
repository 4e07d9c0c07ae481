"""RSS 2.0 and Atom feeds: the latest stories, per section and per topic, in each language.

``/feeds/…`` lists the Chinese stories, ``/en/feeds/…`` the English edition's (content/locales.py).

Every feed runs a fixed number of queries whatever its length: the 50 rows are ordered and
cut in SQL, made specific with stream fields deferred, their topics prefetched and their hero
images fetched with the one rendition the feed carries.

Every link is on the public address (content/site.py); entry ids are tag URIs, which do not change
when the address does. The feed has an author (the publisher) for entries without a byline, as
RFC 4287 §4.1.1 requires, and its own logo.
"""

import copy
import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.utils.feedgenerator import Enclosure
from django.utils.translation import get_language, gettext as _

from .feed_formats import StoriesAtom, StoriesRss
from .locales import default_locale, reading_locale
from .models import SectionPage, Topic
from .selectors import live_stories, section_stories, tagged_with, with_listing_images
from .site import site_url, tag_uri
from .structured_data import LOGO

FEED_LENGTH = 50
#: The rendition a feed item carries (the og:image's: already made when the story was viewed).
FEED_IMAGE = "fill-1200x630"


class LatestStoriesFeed(Feed):
    """RSS 2.0: the latest live articles and policy explainers of the whole site."""

    feed_type = StoriesRss
    request = None
    author_name = settings.WAGTAIL_SITE_NAME

    def __call__(self, request, *args, **kwargs):
        # The instance in the URLconf is shared by every thread: keep the request on a copy.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def title(self, obj=None):
        return _("Gongzhi — latest stories")

    def link(self, obj=None):
        return site_url("/en/" if get_language() == "en" else "/")

    def feed_url(self, obj=None):
        return site_url(self.request.get_full_path())

    def feed_guid(self, obj=None):
        return tag_uri("feed", self.request.get_full_path().lstrip("/"))

    def feed_extra_kwargs(self, obj):
        return {"logo": site_url(static(LOGO))}

    def description(self, obj=None):
        return _("Governance news and policy explainers from Gongzhi.")

    def stories(self, obj):
        return live_stories()

    def items(self, obj):
        pages = self.stories(obj)[:FEED_LENGTH]
        stories = list(
            pages.defer_streamfields().specific()
            .prefetch_related("topics", for_specific_subqueries=True)
        )
        return with_listing_images(stories, renditions=(FEED_IMAGE,))

    def item_image(self, item):
        """The hero image's feed rendition as url, type, length (bytes), width and height; None without."""
        if not getattr(item, "hero_image", None):
            return None
        if not hasattr(item, "_feed_image"):
            rendition = item.hero_image.get_rendition(FEED_IMAGE)
            try:
                length = rendition.file.size
            except OSError:  # the file is gone from storage: carry no image rather than fail the feed
                length = None
            item._feed_image = length and {
                "url": site_url(rendition.url), "length": length, "width": rendition.width,
                "height": rendition.height,
                "type": mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream",
            }
        return item._feed_image

    def item_enclosures(self, item):
        image = self.item_image(item)
        return [Enclosure(image["url"], str(image["length"]), image["type"])] if image else []

    def item_extra_kwargs(self, item):
        return {"image": self.item_image(item)}

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.search_description or ""

    def item_link(self, item):
        return site_url(item.get_url(request=self.request))

    def item_guid(self, item):
        return tag_uri("page", item.pk)

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
    feed_type = StoriesAtom

    def subtitle(self, obj=None):
        return self.description(obj)


class SectionFeed(LatestStoriesFeed):
    """The latest stories of one section (栏目)."""

    def get_object(self, request, slug):
        # Each language's sections share their slugs: /en/feeds/sections/news/ is the English one; a
        # section not translated yet is shown under /en/ in Chinese (with a notice), and so is its feed.
        sections = SectionPage.objects.live().public().filter(slug=slug)
        section = sections.filter(locale=reading_locale()).first() or sections.filter(locale=default_locale()).first()
        if section is None:
            raise Http404
        return section

    def title(self, obj=None):
        return _("Gongzhi — %(section)s") % {"section": obj.title}

    def link(self, obj=None):
        return site_url(obj.get_url(request=self.request))

    def description(self, obj=None):
        return obj.intro or self.title(obj)

    def stories(self, obj):
        return section_stories(obj)


class SectionAtomFeed(SectionFeed):
    feed_type = StoriesAtom

    def subtitle(self, obj=None):
        return self.description(obj)


class TopicFeed(LatestStoriesFeed):
    """The latest stories tagged with one topic (主题)."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj=None):
        return _("Gongzhi — topic: %(topic)s") % {"topic": obj.name}

    def link(self, obj=None):
        return site_url(obj.get_absolute_url())

    def description(self, obj=None):
        return obj.description or self.title(obj)

    def stories(self, obj):
        return tagged_with(live_stories(), topic=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = StoriesAtom

    def subtitle(self, obj=None):
        return self.description(obj)
