"""Feeds as a feed reader and the W3C validator read them: RFC 4287's required elements, images, logo."""

import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.content.factories import make_article, make_policy

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
PUBLIC = "http://127.0.0.1:8000"
FEEDS = ["/feeds/atom/", "/feeds/sections/news/atom/", "/feeds/sections/policies/atom/", "/feeds/topics/parking/atom/"]


@pytest.fixture
def stories(news_section, policy_section, department, topic, story_image):
    with_byline = make_article(news_section, title="有署名", slug="signed", image=story_image, topics=[topic],
                               byline="记者 张三")
    without = make_article(news_section, title="无署名", slug="unsigned", topics=[topic], minutes=1)
    policy = make_policy(policy_section, issuing_department=department, topics=[topic], minutes=2)
    return with_byline, without, policy


def assert_atom_as_rfc_4287_requires(response, path):
    """What the W3C validator checks first: required elements, authorship, where the feed is, the logo."""
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text, name
    feed_author = root.find(f"{ATOM}author/{ATOM}name")
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_links] == [PUBLIC + path]  # where the feed really is
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        assert entry.find(f"{ATOM}id").text.startswith("tag:")  # the same whatever the address
        # §4.1.1: an entry without an author needs one on the feed
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None or feed_author is not None
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href").startswith(PUBLIC + "/")
    assert root.find(f"{ATOM}logo").text == PUBLIC + "/static/img/logo.png"
    assert not feedparser.parse(response.content).bozo


@pytest.mark.parametrize("path", FEEDS)
def test_atom_feeds_have_what_rfc_4287_requires(client, stories, path):
    assert_atom_as_rfc_4287_requires(client.get(path), path)


def test_feed_entries_carry_their_hero_image(client, stories):
    signed = stories[0]
    atom = feedparser.parse(client.get("/feeds/atom/").content)
    entry = next(e for e in atom.entries if e.title == signed.title)
    enclosure = next(link for link in entry.links if link.rel == "enclosure")
    assert enclosure.href.startswith(PUBLIC + "/media/images/") and ".fill-1200x630" in enclosure.href
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert entry.media_content[0]["url"] == enclosure.href and entry.media_content[0]["medium"] == "image"
    assert entry.author == "记者 张三"
    assert atom.feed.author == "共治 Gongzhi"  # for the entries without a byline

    rss = feedparser.parse(client.get("/feeds/rss/").content)
    item = next(e for e in rss.entries if e.title == signed.title)
    assert [(e.href, e.type) for e in item.enclosures] == [(enclosure.href, "image/jpeg")]
    assert item.media_content[0]["url"] == enclosure.href
    assert rss.feed.image.href == PUBLIC + "/static/img/logo.png"
    unsigned = next(e for e in rss.entries if e.title == "无署名")
    assert not unsigned.get("enclosures")


def test_rss_has_the_channel_elements_and_a_self_link(client, stories):
    root = ET.fromstring(client.get("/feeds/rss/").content)
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.find(name).text
    self_link = channel.find(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", PUBLIC + "/feeds/rss/")
    image = channel.find("image")
    assert image.find("link").text == channel.find("link").text and image.find("title").text == channel.find("title").text
    for item in channel.findall("item"):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:gongzhi.local,2026:page/")
        media = item.find(f"{MEDIA}content")
        if media is not None:
            assert int(media.get("width")) == 1200 and int(media.get("fileSize")) > 0
