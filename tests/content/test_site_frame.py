"""The frame every public page shares (issue 11): masthead from the SiteIdentity setting with the logo
once, accounts and search at the header's edge (not among the sections), the footer's organiser,
contact and ICP number, a favicon, the home page without repeated lead stories, valid <time> values."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Site

from content.models import HomePageLeadStory, SiteIdentity
from tests.content.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(home):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.organiser = "东城县融媒体中心"
    identity.contact = "新闻热线 0000-12345678"
    identity.icp_number = "京ICP备12345678号-1"
    identity.save()
    return identity


def between(html, start, end):
    return html[html.index(start):html.index(end, html.index(start))]


def test_masthead_shows_the_site_name_once_with_its_organiser(client, identity):
    html = client.get("/").content.decode()
    header = between(html, '<header class="site-header">', "</header>")

    assert header.count('class="brand__name"') == 1
    assert "共治 共治" not in header
    assert "东城县融媒体中心" in header
    assert re.search(r"<title>[^<]* · 共治</title>", html)


def test_footer_shows_organiser_contact_and_icp_number_linked_to_the_filing_system(client, identity):
    footer = between(client.get("/").content.decode(), '<footer class="site-footer">', "</footer>")

    assert "主办单位" in footer and "东城县融媒体中心" in footer
    assert "新闻热线 0000-12345678" in footer
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">京ICP备12345678号-1</a>' in footer


def test_accounts_sit_at_the_header_edge_not_among_the_sections(client, home, news_section, resident):
    html = client.get("/").content.decode()
    nav = between(html, '<nav class="site-nav"', "</nav>")
    account = between(html, '<div class="header-account"', "</div>")

    assert reverse("account_login") not in nav and reverse("account_signup") not in nav
    assert news_section.url in nav
    assert reverse("account_login") in account and reverse("account_signup") in account

    client.force_login(resident)
    account = between(client.get("/").content.decode(), '<div class="header-account"', "</div>")
    assert reverse("resident_profile") in account and reverse("account_logout") in account
    assert reverse("account_login") not in account


def test_header_search_is_a_plain_get_form_to_the_search_page(client, home):
    header = between(client.get("/").content.decode(), '<header class="site-header">', "</header>")
    form = re.search(r'<form class="header-search"[^>]*>', header).group(0)

    assert f'action="{reverse("search:search")}"' in form and 'method="get"' in form
    assert 'name="q"' in header


def test_the_menu_button_needs_no_inline_script(client, home):
    html = client.get("/").content.decode()

    assert 'class="menu-button"' in html and "hidden" in re.search(r'<button class="menu-button"[^>]*>', html).group(0)
    assert "onclick" not in html and re.search(r"<script(?![^>]*\bsrc=)", html) is None


def test_every_page_names_a_favicon_and_favicon_ico_answers(client, home):
    html = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)

    from django.contrib.staticfiles import finders

    assert icon.endswith("/img/favicon.svg") and finders.find("img/favicon.svg")  # the Gongzhi mark, shipped
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == icon


def test_chief_editors_edit_the_site_identity_and_editors_do_not(client, identity, chief_editor, editor):
    url = reverse("wagtailsettings:edit", args=["content", "siteidentity", identity.site_id])

    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)

    client.force_login(chief_editor)
    assert client.get(url).status_code == 200
    data = {f: getattr(identity, f) or "" for f in ("site_name", "site_name_en", "tagline", "organiser", "organiser_en",
                                                     "contact", "icp_number", "public_security_number")}
    data["organiser"] = "西城区融媒体中心"
    assert client.post(url, data).status_code == 302
    assert "西城区融媒体中心" in client.get("/").content.decode()


def test_home_shows_the_lead_story_once_and_the_section_below_without_it(client, home, news_section):
    lead = make_article(news_section, title="头条：老旧小区加装电梯", minutes=5)
    make_article(news_section, title="新闻：夜市开张", minutes=2)
    HomePageLeadStory.objects.create(page=home, story=lead)

    html = client.get("/").content.decode()

    assert html.count("头条：老旧小区加装电梯</a>") == 1
    assert 'class="lead-story' in html[:html.index("头条：老旧小区加装电梯")].rsplit("<article", 1)[1]
    section = between(html, 'class="home-section"', "</section>")
    assert "新闻：夜市开张" in section and "头条：老旧小区加装电梯" not in section


VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:?\d{2}|Z)?)?$")


def test_time_elements_carry_valid_datetime_values(client, home, news_section):
    from django.utils import timezone

    article = make_article(news_section, title="带微秒的发布时间")
    type(article).objects.filter(pk=article.pk).update(
        first_published_at=timezone.now().replace(microsecond=123456), go_live_at=None,
    )
    for url in ("/", news_section.url, article.url):
        values = re.findall(r'<time datetime="([^"]*)"', client.get(url).content.decode())
        assert values, url
        assert all(VALID_DATETIME.match(v) for v in values), (url, values)
