"""The lookups every public page repeats are cached (content.sitewide, content.locales), and each cache
shows an editor's change on the very next request: a language added, a page replaced, moved or
unpublished at an address, a translation published or made private, a poll's page restricted."""

import pytest
from wagtail.models import Locale

from tests.content.factories import make_article, make_policy, translate
from tests.page_privacy import restrict_to_login
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db

ALTERNATE_EN = '<link rel="alternate" hreflang="en"'


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_a_language_added_is_read_at_once(client, news_section):
    make_article(news_section, title="只有中文的报道", slug="chinese-only")
    Locale.objects.filter(language_code="en").delete()
    assert "只有中文的报道" in html(client, "/en/news/")  # no English locale: /en/ lists the Chinese stories

    Locale.objects.create(language_code="en")

    assert "只有中文的报道" not in html(client, "/en/news/")  # English now, and nothing is translated yet


def test_a_story_replaced_at_its_address_by_another_type_is_served_at_once(client, news_section, department):
    article = make_article(news_section, title="原来的报道", slug="parking")
    assert "原来的报道" in html(client, "/news/parking/")

    article.delete()
    make_policy(news_section, title="同一地址的政策解读", slug="parking", issuing_department=department)

    assert "同一地址的政策解读" in html(client, "/news/parking/")


def test_a_story_moved_or_unpublished_leaves_its_old_address_at_once(client, news_section, policy_section):
    article = make_article(news_section, title="搬走的报道", slug="moving")
    assert "搬走的报道" in html(client, "/news/moving/")

    article.move(policy_section, pos="last-child")
    assert client.get("/news/moving/")["Location"] == "/policies/moving/"  # Wagtail's automatic redirect
    assert "搬走的报道" in html(client, "/policies/moving/")

    article.refresh_from_db()
    article.unpublish()
    html(client, "/policies/moving/", status=404)


def test_a_story_edited_at_a_cached_address_shows_the_edit_at_once(client, article):
    assert "社区停车难问题有了新办法" in html(client, article.url)

    article.title = "停车难问题解决了"
    article.save_revision().publish()

    assert "停车难问题解决了" in html(client, article.url)


def test_an_english_home_page_published_is_served_under_en_at_once(client, home, news_section):
    assert "Gongzhi English" not in html(client, "/en/")  # not translated: the Chinese home page

    translate(home, title="Gongzhi English")

    assert "Gongzhi English" in html(client, "/en/")


def test_a_translation_published_or_made_private_changes_the_alternates_at_once(client, home, news_section):
    article = make_article(news_section, title="共享停车全面推行", slug="shared-parking")
    assert ALTERNATE_EN not in html(client, "/news/shared-parking/")

    translate(home, title="Gongzhi")
    translate(news_section, title="News")
    english = translate(article, title="Shared parking")
    page = html(client, "/news/shared-parking/")
    assert ALTERNATE_EN in page and 'href="/en/news/shared-parking/"' in page  # head and switcher

    restrict_to_login(english)

    page = html(client, "/news/shared-parking/")
    assert ALTERNATE_EN not in page
    assert 'href="/en/news/shared-parking/"' not in page  # the switcher goes to the English section
    assert 'href="/en/news/"' in page


def test_a_poll_whose_page_is_made_private_leaves_the_home_page_at_once(client, article):
    PollFactory(page=article, question="停车位怎么分配？")
    assert "停车位怎么分配？" in html(client, "/")

    restrict_to_login(article)

    assert "停车位怎么分配？" not in html(client, "/")
