"""Varnish (deploy/varnish.vcl) in front of the live server: it caches anonymous pages, passes personal
requests, is purged on publish, and the forms of cached pages still work in a real browser.

Needs Debian's varnish (`make test` installs it, like chromium); skipped with the reason if absent.
"""

import datetime
import re
import urllib.request

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from deploy.varnish import VARNISHD, start_varnish, stop
from tests.e2e.test_poll_vote import log_in_through_the_form

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(VARNISHD is None, reason="varnishd is not installed: `make test` installs Debian's varnish"),
]

def proxy_port():
    """A port per xdist worker (8116, 8118, 8119), else any free one: tests in parallel never share a proxy."""
    import os
    import socket

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    fixed = {"main": 8116, "gw0": 8116, "gw1": 8118, "gw2": 8119}.get(worker)
    if fixed:
        return fixed
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy(live_server, settings):
    """Varnish in front of the live server (its own port); Wagtail purges it (frontend_cache HTTPBackend)."""
    port, listen = int(live_server.url.rsplit(":", 1)[1]), proxy_port()
    process = start_varnish(port, listen, memory="16m")
    url = f"http://127.0.0.1:{listen}"
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url},
    }
    try:
        yield url
    finally:
        stop(process)


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - our own proxy
        return response.headers, response.read().decode()


def test_publishing_purges_the_proxy_and_the_next_anonymous_reader_sees_the_change(proxy, seeded_site):
    article = seeded_site.lead
    for path in [article.url, seeded_site.news.url, "/en" + article.url]:
        fetch(proxy + path)
        headers, _ = fetch(proxy + path)
        assert headers["X-Cache"] == "hit", path
        assert headers["Cache-Control"] == "public, max-age=30, s-maxage=300", path
        assert "Set-Cookie" not in headers, path

    article.title = "错时共享停车：车位增至五百个"
    article.save_revision().publish()  # autocommit on the live server's database: purged at once

    for path in [article.url, seeded_site.news.url, "/en" + article.url]:
        headers, html = fetch(proxy + path)
        assert headers["X-Cache"] == "miss", path
        assert "车位增至五百个" in html, path


def test_a_logged_in_reader_passes_straight_through_the_proxy(proxy, seeded_site):
    from django.test import Client

    client = Client()
    client.force_login(seeded_site.resident)
    session = f"sessionid={client.cookies['sessionid'].value}"
    fetch(proxy + seeded_site.lead.url)
    for _ in range(2):
        headers, html = fetch(proxy + seeded_site.lead.url, cookie=session)
        assert headers["X-Cache"] == "miss" and headers["Cache-Control"] == "private, no-cache"
    assert "js/me.js" not in html  # rendered for the resident, with real tokens


@pytest.fixture
def anonymous_poll(seeded_site):
    from engagement.polls.models import Poll, PollChoice

    now = timezone.now()
    poll = Poll.objects.create(
        question="夜间共享车位应该收费吗？", opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7), page=seeded_site.lead, allow_anonymous=True,
        results_visibility=Poll.ResultsVisibility.ALWAYS,
    )
    for i, text in enumerate(["应该", "不应该"]):
        PollChoice.objects.create(poll=poll, text=text, sort_order=i)
    return poll


def test_an_anonymous_reader_votes_on_a_page_the_proxy_served_from_its_cache(proxy, page, anonymous_poll):
    url = proxy + anonymous_poll.page.url
    fetch(url)
    assert fetch(url)[0]["X-Cache"] == "hit"
    page.goto(url)  # the cached copy: an empty token field, filled by me.js from /_me/
    # Playwright's expect polls without eval (wait_for_function's polling evals, which the CSP refuses)
    expect(page.locator("input[data-csrf]").first).to_have_value(re.compile(".+"))
    panel = page.locator(f"#poll-{anonymous_poll.pk}")
    panel.get_by_label("应该", exact=True).check()
    panel.get_by_role("button", name="投票").click()
    page.wait_for_url(re.compile(re.escape(anonymous_poll.page.url) + "$"))
    assert "感谢参与，您的投票已计入。" in page.locator(".messages").inner_text()
    assert anonymous_poll.ballots.count() == 1


def test_a_resident_comments_through_the_proxy(proxy, page, seeded_site):
    from django_comments_xtd.models import XtdComment

    log_in_through_the_form(page, lambda path: proxy + path, seeded_site.resident)
    page.goto(proxy + seeded_site.lead.url)
    page.fill("#comment-form textarea", "夜里车位能开放到几点？")
    page.locator("#comment-form button[type=submit]").click()
    page.wait_for_load_state()
    assert XtdComment.objects.filter(comment="夜里车位能开放到几点？").exists()
    assert "夜里车位能开放到几点？" in page.content()
