"""The newsroom in a real browser, through the admin's own forms: an editor writes an article in
社区民生 and submits it (no publish button for them); the chief editor finds it awaiting review on the
dashboard, approves it, and it is live on the public site; the editor sees it published."""

import re

import pytest

pytestmark = pytest.mark.e2e

TITLE = "幸福社区老年食堂开业"


def open_actions(page):
    """The editor's footer keeps its secondary actions behind the dropdown toggle."""
    page.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()


def test_an_editor_writes_and_submits_and_the_chief_approves_and_publishes(page, browser, live_server, live_url, login,
                                                                          seeded_site, client):
    from content.models import ArticlePage

    community = seeded_site.community

    # 1. The editor writes an article in 社区民生 and submits it to the chief editors.
    login(page, seeded_site.editor)
    page.goto(live_url(f"/admin/pages/add/content/articlepage/{community.pk}/"))
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "老年食堂每天提供午餐和晚餐，六十岁以上居民凭卡就餐。")
    page.evaluate("document.getElementById('id_slug').value = 'elderly-canteen'")  # on the Promote tab
    assert page.locator("button[name=action-publish]").count() == 0  # editors cannot publish
    open_actions(page)
    page.locator("button[name=action-submit]").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.current_workflow_state is not None
    assert client.get(f"{community.url}{article.slug}/").status_code == 404  # not public yet

    # 2. The chief editor sees it awaiting review on the dashboard and approves it.
    chief_context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 1366, "height": 900})
    chief = chief_context.new_page()
    login(chief, seeded_site.chief_editor)
    chief.goto(live_url("/admin/"))
    assert TITLE in chief.locator("main").inner_text()
    chief.goto(live_url(f"/admin/pages/{article.pk}/edit/"))
    open_actions(chief)
    with chief.expect_navigation():
        chief.locator("[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()  # 通过并发布
    chief_context.close()

    # 3. It is live on the public site, in its section; the editor sees it published.
    article.refresh_from_db()
    assert article.live and article.current_workflow_state is None
    page.goto(live_url(article.url))
    assert page.locator("h1").inner_text().strip() == TITLE
    page.goto(live_url(community.url))
    assert TITLE in page.locator("main").inner_text()
    page.goto(live_url(f"/admin/pages/{community.pk}/"))
    row = page.locator("tr", has_text=TITLE)
    assert "在用" in row.inner_text()  # Wagtail's zh-hans word for a live page
