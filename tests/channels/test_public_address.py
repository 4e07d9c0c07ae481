"""One public address: with SITE_URL on another host and port, every channel links there and nowhere else."""

import re

import feedparser
import pytest
from django.contrib.sites.models import Site as DjangoSite
from wagtail.models import Site

from content.site import sync_sites
from engagement.demands.models import Open311Client
from tests.content.factories import make_article, make_policy
from tests.demands.factories import make_demand

pytestmark = pytest.mark.django_db

PUBLIC = "http://news.gongzhi.test:8765"
URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.\-\[\]:]+""")
# Hosts that name a vocabulary or a spec, never a place to fetch the site from.
IDENTIFIERS = {"//schema.org", "//www.w3.org", "//www.sitemaps.org", "//search.yahoo.com", "//purl.org",
               "//wiki.open311.org", "//creativecommons.org", "//docs.djangoproject.com", "//ogp.me",
               "//domain.com"}  # the example in Wagtail's slug help text (openapi.json)


@pytest.fixture
def public_address(settings, home):
    """SITE_URL moved to another host and port (and the settings derived from it), the sites synced."""
    for name in ("SITE_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"):
        setattr(settings, name, PUBLIC)
    sync_sites()
    yield PUBLIC
    for name in ("SITE_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"):
        setattr(settings, name, "http://127.0.0.1:8000")
    sync_sites()


@pytest.fixture
def everything(news_section, policy_section, department, topic, grid, story_image):
    article = make_article(news_section, title="夜市开张", slug="night-market", image=story_image, topics=[topic],
                           byline="记者 张三")
    policy = make_policy(policy_section, issuing_department=department, topics=[topic])
    demand = make_demand(topic, area=grid)
    return article, policy, demand


def hosts(body):
    found = set()
    for match in URL.findall(body):
        host = "//" + match.split("//", 1)[1]
        if host not in IDENTIFIERS:
            found.add(host)
    return found


def test_the_sites_tables_follow_site_url(public_address):
    assert DjangoSite.objects.get_current().domain == "news.gongzhi.test:8765"
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("news.gongzhi.test", 8765, PUBLIC)


def test_every_channel_links_only_to_the_public_address(client, public_address, everything, topic):
    article, policy, demand = everything
    image_id = article.hero_image_id
    paths = [
        "/feeds/rss/", "/feeds/atom/", "/feeds/sections/news/rss/", "/feeds/sections/news/atom/",
        f"/feeds/topics/{topic.slug}/rss/", f"/feeds/topics/{topic.slug}/atom/",
        "/sitemap.xml", "/robots.txt",
        "/api/v3/pages/", f"/api/v3/pages/{article.pk}/", f"/api/v3/pages/{policy.pk}/",
        f"/api/v3/images/{image_id}/", "/api/v3/openapi.json",
        "/open311/v2/discovery.json", "/open311/v2/requests.json", "/open311/v2/requests.xml",
        f"/open311/v2/requests/{demand.tracking_number}.json",
        article.url, policy.url, "/en" + article.url,
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert hosts(body) <= {"//news.gongzhi.test:8765"}, (path, hosts(body))
        if path.startswith(("/feeds/", "/sitemap", "/robots", "/open311/v2/discovery")) or path == article.url:
            assert "//news.gongzhi.test:8765" in hosts(body), path  # absolute links there are, on it


def test_page_metadata_is_on_the_public_address(client, public_address, everything):
    article, _policy, _demand = everything
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{PUBLIC}/news/night-market/">' in html
    assert f'<meta property="og:url" content="{PUBLIC}/news/night-market/">' in html
    assert re.search(rf'<meta property="og:image" content="{PUBLIC}/media/images/[^"]+fill-1200x630', html)


def test_feed_ids_do_not_change_when_the_address_does(client, settings, everything):
    before = [e.id for e in feedparser.parse(client.get("/feeds/atom/").content).entries]
    for name in ("SITE_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"):
        setattr(settings, name, PUBLIC)
    sync_sites()
    after = feedparser.parse(client.get("/feeds/atom/").content)
    assert [e.id for e in after.entries] == before
    assert all(i.startswith("tag:gongzhi.local,2026:page/") for i in before)
    assert after.entries[0].link.startswith(PUBLIC)


def test_emails_link_to_the_public_address(client, public_address, everything, topic, mailoutbox,
                                           django_capture_on_commit_callbacks):
    key = Open311Client.objects.create(name="12345 热线").api_key
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/open311/v2/requests.json", {
            "api_key": key, "service_code": topic.slug, "description": "北门消防通道被占用。",
            "address_string": "幸福里北门", "email": "liu@example.cn"})
    assert response.status_code == 200, response.content
    assert mailoutbox, "the resident is told the tracking number"
    bodies = "\n".join(m.body for m in mailoutbox)
    assert PUBLIC + "/demands/" in bodies
    assert hosts(bodies) <= {"//news.gongzhi.test:8765"}
