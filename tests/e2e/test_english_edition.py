"""The English edition in a real browser: /en/ at phone and desktop widths, and the switcher both ways."""

import re

import pytest
from wagtail.models import Locale, Site

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


def translate(page, **english):
    copy = page.copy_for_translation(Locale.objects.get(language_code="en")).specific
    for name, value in english.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    Site.clear_site_root_paths_cache()
    return copy


@pytest.fixture
def english_edition(seeded_site):
    translate(seeded_site.home, title="Gongzhi", intro="Governance news, policy explainers and residents' voices")
    translate(seeded_site.news, title="News")
    translate(seeded_site.policies, title="Policy explainers")
    translate(seeded_site.community, title="Community life")
    story = translate(seeded_site.lead, title="Shared parking adds 300 spaces on Heping Street",
                      summary="Car parks of public offices open to residents at night.")
    return story


@pytest.mark.parametrize("width", WIDTHS)
def test_english_home_reads_as_an_english_site(browser, live_url, seeded_site, english_edition, width):
    context = browser.new_context(locale="en-GB", viewport=dict(zip(("width", "height"), WIDTHS[width])))
    tab = context.new_page()
    try:
        tab.goto(live_url("/en/"))
        assert tab.locator("html").get_attribute("lang") == "en"
        nav = tab.locator(".site-nav").inner_text()
        assert "News" in nav and "Community life" in nav and "时政要闻" not in nav
        assert tab.get_by_role("link", name=english_edition.title).first.is_visible()
        assert "错时共享停车" not in tab.locator("main").inner_text()  # no Chinese story listed as English
        if tab.locator(".menu-button").is_visible():  # phones: the header's tools are behind "Menu"
            tab.locator(".menu-button").click()
        switcher = tab.locator(".language-switcher")
        assert switcher.is_visible() and switcher.get_by_role("link", name="中文").is_visible()
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"/en/ scrolls sideways by {overflow}px at {width}"
        tab.screenshot(path=f"/tmp/gz-english-en-home-{width}.png", full_page=True)
    finally:
        context.close()


def test_switcher_goes_to_the_translation_and_back(page, live_url, seeded_site, english_edition):
    page.goto(live_url(seeded_site.lead.url))
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en" + re.escape(seeded_site.lead.url) + "$"))
    assert page.locator("h1").inner_text().strip() == english_edition.title
    assert page.locator('link[hreflang="zh-Hans"]').count() == 1
    page.locator(".language-switcher").get_by_role("link", name="中文").click()
    page.wait_for_url(re.compile(re.escape(seeded_site.lead.url) + "$"))
    assert page.locator("h1").inner_text().strip() == seeded_site.lead.title
    assert page.locator("html").get_attribute("lang") in ("zh-hans", "zh-Hans")
