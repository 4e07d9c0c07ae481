"""A reader's first visit in a real browser: home → story → English, and no serious a11y faults."""

import re

import pytest

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e


def first_nav_link(page):
    return page.locator(".site-nav a").first.inner_text().strip()


def test_reader_follows_a_story_and_switches_to_english(page, live_url, seeded_site):
    page.goto(live_url("/"))
    assert page.locator("html").get_attribute("lang") in ("zh-hans", "zh-Hans", "zh")
    chinese_home_label = first_nav_link(page)

    story = seeded_site.lead
    page.get_by_role("link", name=story.title).first.click()
    page.wait_for_url(re.compile(re.escape(story.url) + "$"))
    assert page.locator("h1").inner_text().strip() == story.title
    assert "和平街道" in page.locator("article").inner_text()

    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(re.compile("/en" + re.escape(story.url) + "$"))
    assert page.locator("html").get_attribute("lang") == "en"
    # Not translated (this site has no English edition): the Chinese story, in the English UI, says so.
    assert page.locator("h1").inner_text().strip() == story.title
    assert "available in Chinese only" in page.locator(".untranslated-notice").inner_text()
    assert first_nav_link(page) == "Home"
    assert chinese_home_label != "Home", "the Chinese UI shows an untranslated navigation"

    # The choice sticks: the home page link in the English UI stays English.
    page.locator(".site-nav a").first.click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"


def test_pages_have_no_serious_accessibility_violations(page, live_url, seeded_site, axe):
    """One seeded site, every page type: home, section, article, policy, and an English page."""
    urls = [
        "/",
        seeded_site.news.url,
        seeded_site.lead.url,
        seeded_site.policy.url,
        "/en" + seeded_site.articles[-1].url,
    ]
    report = []
    for url in urls:
        response = page.goto(live_url(url))
        assert response.status == 200, url
        violations = axe(page)
        if violations:
            report.append(f"{url}\n{describe_violations(violations)}")
    assert not report, "\n\n".join(report)
