"""The English edition: an English page tree, listings per language, hreflang, the switcher both ways,
feeds, sitemap and API per locale, and Chinese-only pages marked as such under /en/."""

import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from content.models.pages import HomePageLeadStory, PolicyRelatedArticle
from content.roles import EDITORS
from tests.content.factories import make_article, make_policy, translate

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def edition(home, news_section, policy_section, department):
    """Chinese: a translated article and policy, an untranslated article. English: their translations."""
    article = make_article(news_section, title="共享停车全面推行", slug="shared-parking", minutes=2)
    untranslated = make_article(news_section, title="只有中文的报道", slug="chinese-only", minutes=1)
    policy = make_policy(policy_section, title="停车政策解读", slug="parking-policy", issuing_department=department)
    PolicyRelatedArticle.objects.create(page=policy, article=article)
    HomePageLeadStory.objects.create(page=home, story=article, sort_order=0)
    en_home = translate(home, title="Gongzhi")
    en_news = translate(news_section, title="News")
    en_policies = translate(policy_section, title="Policy explainers")
    en_article = translate(article, title="Shared parking across the district", summary="Car parks open at night.")
    en_policy = translate(policy, title="The parking policy explained", summary="Who may park where.")
    return {
        "home": home, "news": news_section, "article": article, "untranslated": untranslated, "policy": policy,
        "en_home": en_home, "en_news": en_news, "en_policies": en_policies, "en_article": en_article,
        "en_policy": en_policy,
    }


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def switcher(page_html):
    """``{label: href}`` of the header's language links (the current language has no href)."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', page_html, re.S).group(0)
    links = dict(re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav))
    return {label: href for href, label in links.items()}


# --- The English tree and its listings -----------------------------------------------------------

def test_english_urls_serve_the_english_translations(client, edition):
    assert edition["en_article"].url == "/en/news/shared-parking/"
    page = html(client, "/en/news/shared-parking/")
    assert "<h1>Shared parking across the district</h1>" in page and 'lang="en"' in page
    assert "<h1>共享停车全面推行</h1>" in html(client, "/news/shared-parking/")


def test_english_listings_list_english_stories_and_chinese_ones_chinese(client, edition):
    for url in ("/en/", "/en/news/"):
        page = html(client, url)
        assert "Shared parking across the district" in page
        assert "共享停车全面推行" not in page and "只有中文的报道" not in page  # not listed as if English
    for url in ("/", "/news/"):
        page = html(client, url)
        assert "共享停车全面推行" in page and "只有中文的报道" in page
        assert "Shared parking across the district" not in page


def test_english_header_names_the_english_sections(client, edition):
    nav = re.search(r'<nav class="site-nav".*?</nav>', html(client, "/en/"), re.S).group(0)
    assert ">News<" in nav and ">Policy explainers<" in nav
    assert "时政要闻" not in nav and "政策解读" not in nav


def test_english_home_leads_with_the_translation_of_the_chinese_lead_story(client, edition):
    lead = re.search(r'<section[^>]*class="[^"]*lead[^"]*".*?</section>', html(client, "/en/"), re.S)
    page = lead.group(0) if lead else html(client, "/en/")
    assert 'href="/en/news/shared-parking/"' in page and 'href="/news/shared-parking/"' not in page


def test_english_policy_relates_the_english_article(client, edition):
    page = html(client, edition["en_policy"].url)
    assert "Shared parking across the district" in page and "共享停车全面推行" not in page


def test_an_untranslated_story_under_en_says_it_is_in_chinese_only_and_links_to_it(client, edition):
    page = html(client, "/en/news/chinese-only/")
    assert "This page is available in Chinese only." in page
    notice = re.search(r'<p class="untranslated-notice".*?</p>', page, re.S).group(0)
    assert 'href="/news/chinese-only/"' in notice
    assert "untranslated-notice" not in html(client, "/en/news/shared-parking/")
    assert "untranslated-notice" not in html(client, "/news/chinese-only/")


def test_an_untranslated_story_under_en_marks_its_text_as_chinese_and_the_notice_as_english(client, edition):
    """Screen readers read the story with a Chinese voice and the notice with an English one."""
    page = html(client, "/en/news/chinese-only/")
    assert re.search(r'<main id="main"[^>]*\blang="zh-hans"', page)
    assert re.search(r'<p class="untranslated-notice"[^>]*\blang="en"', page)
    assert not re.search(r'<main id="main"[^>]*\blang=', html(client, "/en/news/shared-parking/"))


def test_an_unknown_english_path_is_still_a_404(client, edition):
    assert client.get("/en/news/no-such-story/").status_code == 404
    assert client.get("/en/no-such-section/x/").status_code == 404


def test_editors_may_edit_the_english_tree(edition):
    editors = Group.objects.get(name=EDITORS)
    assert GroupPagePermission.objects.filter(group=editors, page=edition["en_home"]).exists()


# --- The language switcher --------------------------------------------------------------------

@pytest.mark.parametrize("chinese, english", [
    ("/", "/en/"),
    ("/news/", "/en/news/"),
    ("/news/shared-parking/", "/en/news/shared-parking/"),
    ("/policies/parking-policy/", "/en/policies/parking-policy/"),
])
def test_switcher_goes_both_ways_between_a_page_and_its_translation(client, edition, chinese, english):
    assert switcher(html(client, chinese)) == {"English": english}
    assert switcher(html(client, english)) == {"中文": chinese}


def test_switcher_from_an_untranslated_page_lands_on_its_translated_section(client, edition):
    assert switcher(html(client, "/news/chinese-only/")) == {"English": "/en/news/"}
    assert switcher(html(client, "/en/news/chinese-only/")) == {"中文": "/news/chinese-only/"}


@pytest.mark.parametrize("chinese, english", [
    ("/demands/", "/en/demands/"),
    ("/search/?q=parking", "/en/search/?q=parking"),
    ("/transparency/", "/en/transparency/"),
    ("/departments/chengguan/", "/en/departments/chengguan/"),
])
def test_switcher_on_views_that_are_not_pages_switches_the_prefix(client, edition, chinese, english):
    assert switcher(html(client, chinese)) == {"English": english}
    assert switcher(html(client, english)) == {"中文": chinese.replace("&", "&amp;")}


def test_languages_are_labelled_in_their_own_names_and_set_no_cookie(client, edition):
    for url in ("/", "/en/", "/news/shared-parking/", "/en/news/shared-parking/"):
        response = client.get(url)
        page = response.content.decode()
        nav = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
        assert "中文" in nav and "English" in nav and "英语" not in nav
        assert "csrfmiddlewaretoken" not in nav and "<form" not in nav
        assert not response.cookies, (url, list(response.cookies))  # anonymous pages stay cacheable


def test_old_set_language_form_goes_back_to_chinese(client, edition):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/news/shared-parking/"})
    assert response.status_code == 302 and response["Location"] == "/news/shared-parking/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/demands/"})
    assert response["Location"] == "/en/demands/"


# --- hreflang and the sitemap ---------------------------------------------------------------------

def hreflangs(page_html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page_html))


def test_translated_pages_name_their_alternates(client, edition):
    for url in ("/news/shared-parking/", "/en/news/shared-parking/"):
        alternates = hreflangs(html(client, url))
        assert set(alternates) == {"zh-Hans", "en", "x-default"}
        assert alternates["zh-Hans"].endswith("/news/shared-parking/") and alternates["zh-Hans"].startswith("http")
        assert alternates["en"].endswith("/en/news/shared-parking/")
        assert alternates["x-default"] == alternates["zh-Hans"]


def test_a_page_in_one_language_names_no_alternate(client, edition):
    assert hreflangs(html(client, "/news/chinese-only/")) == {}
    assert hreflangs(html(client, "/en/news/chinese-only/")) == {}


def test_sitemap_lists_english_urls_with_their_alternates(client, edition):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = {u.find("s:loc", SITEMAP).text: u for u in root.findall("s:url", SITEMAP)}
    english = next(loc for loc in urls if loc.endswith("/en/news/shared-parking/"))
    chinese = next(loc for loc in urls if loc.endswith("/news/shared-parking/") and "/en/" not in loc)
    for loc in (english, chinese):
        links = {x.get("hreflang"): x.get("href") for x in urls[loc].findall("xhtml:link", SITEMAP)}
        assert links == {"zh-Hans": chinese, "en": english, "x-default": chinese}
    assert any(loc.endswith("/en/") for loc in urls)
    only = next(loc for loc in urls if loc.endswith("/news/chinese-only/"))
    assert urls[only].findall("xhtml:link", SITEMAP) == []
    assert not any(loc.endswith("/en/news/chinese-only/") for loc in urls)


# --- Feeds and API per locale --------------------------------------------------------------------

SITE_FEED = ({"Shared parking across the district", "The parking policy explained"},
             {"共享停车全面推行", "只有中文的报道", "停车政策解读"})
NEWS_FEED = ({"Shared parking across the district"}, {"共享停车全面推行", "只有中文的报道"})


@pytest.mark.parametrize("path, expected", [
    ("feeds/rss/", SITE_FEED), ("feeds/atom/", SITE_FEED),
    ("feeds/sections/news/rss/", NEWS_FEED), ("feeds/sections/news/atom/", NEWS_FEED),
])
def test_english_feeds_list_english_stories(client, edition, path, expected):
    english = feedparser.parse(client.get("/en/" + path).content)
    chinese = feedparser.parse(client.get("/" + path).content)
    assert {e.title for e in english.entries} == expected[0]
    assert all("/en/" in e.link for e in english.entries)
    assert {e.title for e in chinese.entries} == expected[1]


def test_api_lists_each_locale(client, edition):
    en = json.loads(client.get("/api/v3/pages/", {"locale": "en", "type": "content.ArticlePage"}).content)
    zh = json.loads(client.get("/api/v3/pages/", {"locale": "zh-hans", "type": "content.ArticlePage"}).content)
    assert [i["title"] for i in en["items"]] == ["Shared parking across the district"]
    assert {i["meta"]["locale"] for i in en["items"]} == {"en"}
    assert en["items"][0]["meta"]["html_url"].endswith("/en/news/shared-parking/")
    assert {i["title"] for i in zh["items"]} == {"共享停车全面推行", "只有中文的报道"}


@pytest.mark.parametrize("locale", ["xx", "EN-GB", "zh"])
def test_api_refuses_an_unknown_locale_with_a_problem_400(client, edition, locale):
    response = client.get("/api/v3/pages/", {"locale": locale})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "locale must be one of: zh-hans, en" in json.loads(response.content)["detail"]


def test_without_an_english_edition_the_switcher_keeps_the_address_under_en(client, article):
    """Before anything is translated, "English" shows the same page in the English UI (with the notice)."""
    assert switcher(html(client, "/news/parking/")) == {"English": "/en/news/parking/"}
    page = html(client, "/en/news/parking/")
    assert switcher(page) == {"中文": "/news/parking/"} and "available in Chinese only" in page
