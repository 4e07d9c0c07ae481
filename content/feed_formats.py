"""RSS 2.0 and Atom 1.0 with what Django's generators leave out: images, as readers expect them.

- the channel's image: RSS ``<image>``, Atom ``<logo>`` and ``<icon>``;
- each story's hero image: RSS ``<enclosure>`` (Django), Atom ``<link rel="enclosure">`` (Django) and,
  in both, Media RSS ``<media:content medium="image" …>`` with its size.
"""

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

MEDIA_NS = "http://search.yahoo.com/mrss/"


def _media_content(handler, image):
    if image:
        handler.addQuickElement("media:content", "", {
            "url": image["url"], "medium": "image", "type": image["type"], "fileSize": str(image["length"]),
            "width": str(image["width"]), "height": str(image["height"]),
        })


class StoriesRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("logo"):
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["logo"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _media_content(handler, item.get("image"))


class StoriesAtom(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("logo"):
            handler.addQuickElement("icon", self.feed["logo"])
            handler.addQuickElement("logo", self.feed["logo"])

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        _media_content(handler, item.get("image"))
