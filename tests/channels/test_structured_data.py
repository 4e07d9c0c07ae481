"""Stories as search engines and share cards read them (extruct: JSON-LD and Open Graph)."""

import extruct
import pytest
from django.contrib.staticfiles import finders

from tests.content.factories import make_article, make_policy

pytestmark = pytest.mark.django_db

PUBLIC = "http://127.0.0.1:8000"


def metadata(client, url):
    html = client.get(url).content.decode()
    data = extruct.extract(html, base_url=PUBLIC + url, syntaxes=["json-ld", "opengraph"], uniform=True)
    assert len(data["json-ld"]) == 1
    return data["json-ld"][0], data["opengraph"][0]


def test_news_article_names_publisher_logo_author_url_and_image(client, news_section, story_image):
    article = make_article(news_section, title="夜市开张", slug="night-market", image=story_image, byline="记者 张三")
    ld, og = metadata(client, article.url)
    assert ld["@type"] == "NewsArticle"
    assert ld["publisher"]["logo"]["url"] == PUBLIC + "/static/img/logo.png"
    assert ld["author"][0]["name"] == "记者 张三" and ld["author"][0]["url"] == PUBLIC + "/"
    assert ld["image"][0]["url"] == og["og:image"] and ".fill-1200x630" in og["og:image"]
    assert og["og:locale"] == "zh_CN" and og["og:url"] == PUBLIC + "/news/night-market/"


def test_a_story_without_image_gets_the_sites_share_image(client, news_section):
    article = make_article(news_section, slug="plain")
    ld, og = metadata(client, article.url)
    assert og["og:image"] == ld["image"][0]["url"] == PUBLIC + "/static/img/share-default.png"
    assert finders.find("img/share-default.png") and finders.find("img/logo.png")  # shipped as static files
    assert ld["author"][0]["@type"] == "NewsMediaOrganization" and ld["author"][0]["url"] == PUBLIC + "/"


def test_policy_page_is_typed_as_legislation_issued_by_its_department(client, policy_section, department):
    policy = make_policy(policy_section, issuing_department=department)
    ld, og = metadata(client, policy.url)
    assert ld["@type"] == "Legislation"
    assert ld["legislationIdentifier"] == policy.document_number
    assert ld["legislationDate"] == "2026-03-01" and ld["legislationDateOfApplicability"] == "2026-04-01"
    assert ld["legislationPassedBy"] == {"@type": "GovernmentOrganization", "name": department.name,
                                         "url": PUBLIC + department.get_absolute_url()}
    assert ld["image"][0]["url"] == PUBLIC + "/static/img/share-default.png"
    assert ld["publisher"]["logo"]["width"] == 512


def test_english_pages_say_their_locale(client, news_section):
    article = make_article(news_section, slug="bilingual")
    _ld, og = metadata(client, "/en" + article.url)
    assert og["og:locale"] == "en_US"
