"""Anonymous pages are cacheable; personal ones are not; the page cache serves and forgets them.

gongzhi/caching.py (the headers), gongzhi/page_cache.py (the embedded page cache), gongzhi/personal.py
(/_me/), content/purge.py and engagement/purging.py (what a change purges). The proxy in front of a
live server is tests/e2e/test_proxy_cache.py; forms in a real browser tests/e2e/test_cached_forms.py.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from tests.demands.factories import make_demand
from tests.factories import ArticlePageFactory, PolicyPageFactory
from tests.polls.factories import PollFactory


@pytest.fixture(autouse=True)
def _fresh_cache(clear_rate_limits):
    """Page cache and rate limits both live in the default cache: every test starts with none."""


@pytest.fixture
def site(home, news_section, policy_section, department, topic, grid, moderator, resident):
    from tests.comments.factories import comment

    article = ArticlePageFactory(parent=news_section, slug="parking", area=grid)
    comment(article, resident, "晚上的车位能共享吗")  # the thread, with its like buttons for residents
    policy = PolicyPageFactory(parent=policy_section, slug="waste", issuing_department=department)
    demand = make_demand(topic, area=grid).forward(to=department, by=moderator)
    poll = PollFactory(allow_anonymous=True, page=article)
    return {"home": home, "section": news_section, "article": article, "policy": policy, "demand": demand,
            "poll": poll, "department": department, "topic": topic, "grid": grid}


def public_pages(site):
    """One URL of every public page type, in both languages where it has a page."""
    return [
        "/", "/en/", site["section"].url, site["article"].url, "/en" + site["article"].url, site["policy"].url,
        "/demands/", site["demand"].get_absolute_url(), "/departments/", f"/departments/{site['department'].slug}/",
        f"/topics/{site['topic'].slug}/", f"/areas/{site['grid'].slug}/", "/transparency/", "/insights/",
        "/polls/", f"/polls/{site['poll'].pk}/", "/search/?q=%E5%81%9C%E8%BD%A6", "/en/search/?q=parking",
        "/feeds/rss/", "/sitemap.xml", "/open311/v2/services.json", "/api/v3/pages/",
    ]


def test_every_public_page_is_the_same_cacheable_bytes_for_every_anonymous_reader(site):
    for url in public_pages(site):
        first, second = Client().get(url), Client().get(url)
        assert first.status_code == 200, url
        assert not first.cookies, (url, list(first.cookies))
        assert first["Cache-Control"] == "public, max-age=30, s-maxage=300", url
        vary = first.get("Vary", "").lower()
        assert "cookie" not in vary and "accept-language" not in vary, (url, vary)
        assert first.content == second.content, url


def test_cached_forms_carry_an_empty_token_field_that_me_js_fills(site):
    html = Client().get(site["article"].url).content.decode()
    assert 'name="csrfmiddlewaretoken" value="" data-csrf' in html  # the comment form and the poll
    assert "js/me.js" in html and 'data-me="/_me/"' in html
    assert 'data-me="/en/_me/"' in Client().get("/en/").content.decode()


def test_a_logged_in_reader_gets_a_private_page_with_real_tokens(site, resident):
    client = Client()
    client.force_login(resident)
    for url in ["/", site["article"].url, site["policy"].url, site["demand"].get_absolute_url()]:
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-cache", url
        assert "Cookie" in response["Vary"], url
    html = client.get(site["policy"].url).content.decode()
    assert 'data-csrf' not in html and 'name="csrfmiddlewaretoken" value="' in html
    assert "js/me.js" not in html  # nothing to fill in: the page was made for them


def test_a_personal_cookie_makes_the_page_private_even_without_a_login(site):
    client = Client()
    client.cookies["gongzhi_voter"] = "anything"
    assert client.get(site["article"].url)["Cache-Control"] == "private, no-cache"


def test_form_pages_posts_and_errors_are_never_public(site, resident):
    assert "private" in Client().get("/accounts/login/")["Cache-Control"]  # a form page: sets csrftoken
    assert Client().get("/no-such-page/")["Cache-Control"] == "public, max-age=30, s-maxage=300"  # 404: same for all
    assert "private" in Client().post("/polls/%d/vote/" % site["poll"].pk, {})["Cache-Control"]  # CSRF 403


def test_me_answers_the_account_and_a_token_and_is_never_cached(site, resident):
    client = Client(enforce_csrf_checks=True)
    response = client.get(reverse("me"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = response.json()
    assert data["authenticated"] is False and data["csrf"]
    client.force_login(resident)
    data = client.get(reverse("me")).json()
    assert data["authenticated"] is True
    assert "data-me-account" in data["account"] and reverse("resident_profile") in data["account"]


def test_an_anonymous_vote_works_with_the_token_from_me(site):
    client = Client(enforce_csrf_checks=True)
    token = client.get(reverse("me")).json()["csrf"]
    choice = site["poll"].choices.first()
    response = client.post(reverse("polls:vote", args=[site["poll"].pk]),
                           {"choice": choice.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert site["poll"].ballots.count() == 1


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_the_page_cache_serves_anonymous_readers_and_never_a_logged_in_one(site, resident):
    url = site["article"].url
    assert Client().get(url)["X-Page-Cache"] == "miss"
    hit = Client().get(url)
    assert hit["X-Page-Cache"] == "hit" and "Content-Security-Policy" in hit
    logged_in = Client()
    logged_in.force_login(resident)
    response = logged_in.get(url)
    assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-cache"


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_publishing_purges_the_page_and_the_listings_that_show_it(site, django_capture_on_commit_callbacks):
    article, section = site["article"], site["section"]
    urls = [article.url, section.url, "/en" + article.url]
    for url in urls:
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit", url
    article.title = "停车新规今天起施行"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in urls:
        response = Client().get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "停车新规今天起施行" in response.content.decode(), url


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_an_approved_comment_purges_its_page(site, resident, django_capture_on_commit_callbacks):
    from tests.comments.factories import comment

    url = site["article"].url
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        comment(site["article"], resident, "楼下的车位晚上能开放吗")
    assert XtdComment.objects.filter(is_public=True).exists()
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss" and "楼下的车位晚上能开放吗" in response.content.decode()


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_a_demands_answer_purges_its_page_the_list_and_its_department(site, django_capture_on_commit_callbacks):
    demand = site["demand"]
    urls = [demand.get_absolute_url(), "/demands/", f"/departments/{site['department'].slug}/"]
    for url in urls:
        Client().get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit", url
    from content.purge import paths_showing

    assert set(urls) <= set(paths_showing(demand))
    with django_capture_on_commit_callbacks(execute=True):
        demand.save()
    for url in urls:
        assert Client().get(url)["X-Page-Cache"] == "miss", url


@override_settings(GONGZHI_PAGE_CACHE=True)
def test_a_moderator_approving_a_held_comment_purges_its_page(site, resident, moderator,
                                                             django_capture_on_commit_callbacks):
    from engagement.comments import services
    from engagement.comments.models import HoldRule
    from tests.comments.factories import site_settings

    url = site["article"].url
    held = services.post_comment(site["article"], "夜间施工噪音扰民", user=resident, comment_settings=site_settings(),
                                 hold=HoldRule.PRE_MODERATION)
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(held, by=moderator)  # flags change with update(): the moderation row's save purges
    assert "夜间施工噪音扰民" in Client().get(url).content.decode()
