"""Every published story reaches every channel: metadata, feeds, sitemap, API; in both languages."""

import json
import re

import feedparser
import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from tests.content.factories import make_article, make_policy
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

XSS_TITLE = "</script><script>alert(1)</script>停车"


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# --- Open Graph, canonical, JSON-LD -------------------------------------------------------------

def test_article_has_open_graph_canonical_and_news_article_jsonld(client, news_section, story_image):
    article = make_article(news_section, title="夜市开张", slug="night-market", image=story_image, byline="记者 张三")
    html = client.get(article.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="夜市开张">' in html
    assert '<meta property="og:description" content="街道与城管部门联合推出错时共享停车。">' in html
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert og_image.startswith("http://") and ".fill-1200x630" in og_image
    assert re.search(r'<link rel="canonical" href="http://[^"]+/news/night-market/">', html)
    data = jsonld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "夜市开张"
    assert [(a["@type"], a["name"]) for a in data["author"]] == [("Person", "记者 张三")]
    assert data["author"][0]["url"] == "http://127.0.0.1:8000/"  # a byline has no page: the publisher's
    assert data["datePublished"].startswith("2026-05-01")
    assert [image["url"] for image in data["image"]] == [og_image]
    assert data["publisher"]["logo"]["url"] == "http://127.0.0.1:8000/static/img/logo.png"
    assert '<meta property="og:locale" content="zh_CN">' in html


def test_policy_has_open_graph_and_jsonld(client, policy_section, department):
    policy = make_policy(policy_section, title="停车收费新标准解读", issuing_department=department)
    html = client.get(policy.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    data = jsonld(html)
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == policy.document_number
    assert data["legislationPassedBy"]["name"] == department.name
    assert data["image"][0]["url"] == "http://127.0.0.1:8000/static/img/share-default.png"  # no hero image


def test_a_title_cannot_break_out_of_the_jsonld_script(client, news_section):
    article = make_article(news_section, title=XSS_TITLE, slug="xss")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert jsonld(html)["headline"] == XSS_TITLE
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;停车" in html  # escaped in <h1> and og:title


# --- Feeds ------------------------------------------------------------------------------------

def test_rss_and_atom_carry_the_latest_50_stories_newest_first(client, news_section, policy_section, department):
    for n in range(52):
        make_article(news_section, title=f"新闻{n:02d}", minutes=n)
    make_policy(policy_section, title="最新政策", issuing_department=department, minutes=100)
    for url, version in (("/feeds/rss/", "rss20"), ("/feeds/atom/", "atom10")):
        response = client.get(url)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert feed.version == version and not feed.bozo
        titles = [entry.title for entry in feed.entries]
        assert len(titles) == 50
        assert titles[:2] == ["最新政策", "新闻51"]
        assert "新闻02" not in titles  # the oldest fall off
        assert "/news/" in feed.entries[1].link
        assert feed.entries[1].summary == "街道与城管部门联合推出错时共享停车。"


def test_feed_queries_do_not_grow_with_its_length(client, news_section, topic):
    make_article(news_section, topics=[topic])
    client.get("/feeds/rss/")  # warm the site-root and content-type caches
    with CaptureQueriesContext(connection) as small:
        client.get("/feeds/rss/")
    for n in range(10):
        make_article(news_section, topics=[topic], minutes=n + 1)
    client.get("/feeds/rss/")  # publishing forgot the cached site (content.sitewide): warm again
    with CaptureQueriesContext(connection) as large:
        client.get("/feeds/rss/")
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_section_feed_has_only_that_sections_stories(client, news_section, policy_section, department):
    make_article(news_section, title="新闻甲")
    make_policy(policy_section, title="政策乙", issuing_department=department)
    rss = feedparser.parse(client.get("/feeds/sections/news/rss/").content)
    atom = feedparser.parse(client.get("/feeds/sections/policies/atom/").content)
    assert [e.title for e in rss.entries] == ["新闻甲"]
    assert [e.title for e in atom.entries] == ["政策乙"]
    assert "时政要闻" in rss.feed.title
    assert client.get("/feeds/sections/nope/rss/").status_code == 404


def test_topic_feed_has_only_stories_tagged_with_it(client, news_section, policy_section, topic, department):
    other = TopicFactory(name="垃圾分类", slug="waste")
    make_article(news_section, title="停车新闻", topics=[topic])
    make_article(news_section, title="分类新闻", topics=[other])
    make_policy(policy_section, title="停车政策", topics=[topic], issuing_department=department, minutes=5)
    rss = feedparser.parse(client.get("/feeds/topics/parking/rss/").content)
    atom = feedparser.parse(client.get("/feeds/topics/parking/atom/").content)
    assert [e.title for e in rss.entries] == ["停车政策", "停车新闻"]
    assert [e.title for e in atom.entries] == ["停车政策", "停车新闻"]
    assert [t.term for t in rss.entries[0].tags] == ["停车"]
    assert client.get("/feeds/topics/nope/atom/").status_code == 404


def test_feeds_leave_out_drafts(client, news_section):
    draft = make_article(news_section, title="草稿")
    draft.unpublish()
    assert "草稿" not in client.get("/feeds/rss/").content.decode()


# --- Sitemap ----------------------------------------------------------------------------------

def test_sitemap_lists_live_pages_with_lastmod(client, news_section, department):
    article = make_article(news_section, slug="in-sitemap")
    draft = make_article(news_section, slug="draft-not-in-sitemap")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "/news/in-sitemap/</loc>" in xml and "draft-not-in-sitemap" not in xml
    entry = xml[xml.index("/news/in-sitemap/"):]
    assert re.match(r".*?<lastmod>2026-05-01", entry, re.S)
    assert f"{department.get_absolute_url()}</loc>" in xml


# --- API v3 -----------------------------------------------------------------------------------

def test_api_exposes_article_custom_fields(client, news_section, topic, department, grid, story_image):
    article = make_article(news_section, topics=[topic], departments=[department], area=grid,
                           image=story_image, byline="记者 张三")
    response = client.get(f"/api/v3/pages/{article.pk}/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["summary"] == "街道与城管部门联合推出错时共享停车。"
    assert data["byline"] == "记者 张三" and data["channel"] == "web"
    assert data["hero_caption"] == "新建的共享停车场"
    assert data["body"] and data["topics"] and data["departments"] and data["area"]


def test_api_exposes_policy_custom_fields(client, policy_section, department):
    policy = make_policy(policy_section, issuing_department=department)
    data = client.get(f"/api/v3/pages/{policy.pk}/").json()
    assert data["document_number"] == policy.document_number
    assert data["issued_on"] == "2026-03-01" and data["effective_on"] == "2026-04-01"
    assert data["policy_title"] == "关于推进生活垃圾分类的实施意见"
    assert data["key_points"] and data["questions"]


def test_api_lists_articles_by_type(client, news_section):
    make_article(news_section, title="列表里的新闻")
    response = client.get("/api/v3/pages/", {"type": "content.ArticlePage"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["列表里的新闻"]


def test_openapi_schema_is_valid_json_with_paths(client, home):
    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v3/pages/" in schema["paths"]
    assert "content.ArticlePage" in json.dumps(schema)


@pytest.mark.parametrize("query", [
    {"type": "content.NoSuchPage"},
    {"type": "nonexistent"},
    {"limit": "abc"},
    {"offset": "-1"},
    {"child_of": "abc"},
    {"limit": "-5"},
    {"limit": "100000"},
    {"order": "no_such_field"},
    {"ancestor_of": "999999"},
    {"locale": "xx"},
    {"type": "content.PolicyPage", "issued_on": "not-a-date"},
    {"type": "content.ArticlePage", "topics": "abc"},
    {"type": "content.PolicyPage", "issuing_department": "abc"},
    {"type": ["content.ArticlePage", "content.Nope"]},
])
def test_malformed_api_queries_get_a_4xx_json_error(client, news_section, query):
    make_article(news_section)
    response = client.get("/api/v3/pages/", query)
    assert 400 <= response.status_code < 500, (query, response.status_code, response.content[:300])
    assert json.loads(response.content)


def test_api_search_does_not_fail(client, news_section):
    make_article(news_section, title="停车难问题")
    response = client.get("/api/v3/pages/", {"search": "停车"})
    assert response.status_code < 500
    assert json.loads(response.content)


def test_unknown_api_page_is_a_404_json_error(client, home):
    response = client.get("/api/v3/pages/999999/")
    assert response.status_code == 404
    assert json.loads(response.content)["status"] == 404


# --- Languages, 404, 500 ------------------------------------------------------------------------

def test_chinese_at_the_root_and_english_under_en(client, news_section):
    article = make_article(news_section, slug="bilingual")
    zh = client.get("/news/bilingual/").content.decode()
    en = client.get("/en/news/bilingual/").content.decode()
    assert '<html lang="zh-hans">' in zh and "跳到正文" in zh and "来源" in zh
    assert '<html lang="en">' in en and "Skip to content" in en and "Source: Website" in en
    assert article.title in en


def test_section_page_filter_form_is_translated(client, news_section):
    assert "全部主题" in client.get("/news/").content.decode()
    assert "All topics" in client.get("/en/news/").content.decode()


def test_unknown_url_gets_the_sites_own_404_in_both_languages(client, home):
    zh = client.get("/no-such-page/")
    en = client.get("/en/no-such-page/")
    assert zh.status_code == 404 and en.status_code == 404
    assert "找不到这个页面" in zh.content.decode()
    assert "Page not found" in en.content.decode()
    assert 'class="site-header"' in zh.content.decode()


def test_server_error_gets_the_sites_own_500_page(client, home, settings):
    settings.ROOT_URLCONF = "tests.content.urls_500"
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()
    response = client.get("/en/boom/")
    assert "Something went wrong on our side" in response.content.decode()
