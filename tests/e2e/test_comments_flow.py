"""In a real browser: a resident logs in, comments and replies; a moderator approves a held comment."""

import re

import pytest

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture
def confirmed_resident(seeded_site):
    from allauth.account.models import EmailAddress

    resident = seeded_site.resident
    EmailAddress.objects.get_or_create(user=resident, email=resident.email, defaults={"verified": True, "primary": True})
    return resident


def test_resident_comments_and_replies_and_a_moderator_approves_a_held_comment(
    page, live_url, seeded_site, confirmed_resident, login, browser, axe
):
    from engagement.comments.models import SensitiveWord

    SensitiveWord.objects.create(word="赌博")
    article = seeded_site.lead

    # Log in through the allauth form, coming back to the article.
    page.goto(live_url(f"/accounts/login/?next={article.url}"))
    page.fill("input[name=login]", confirmed_resident.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(re.compile(re.escape(article.url) + "$"))

    # Comment.
    page.fill("#comment-form textarea", "错时共享停车很方便，点赞！\n希望扩大试点。")
    page.locator("#comment-form [type=submit]").click()
    first = page.locator("article.comment--level-0").first
    first.wait_for()
    assert "错时共享停车很方便" in first.inner_text()
    assert first.locator(".comment__text br").count() == 1

    # Reply: the Reply link moves the form under the comment (JavaScript).
    first.locator(".comment__reply").click()
    page.fill("#comment-form textarea", "补充：晚上十点后车位最紧张。")
    page.locator("#comment-form [type=submit]").click()
    reply = page.locator("article.comment--level-1")
    reply.wait_for()
    assert "晚上十点后车位最紧张" in reply.inner_text()

    violations = axe(page)
    assert not violations, describe_violations(violations)

    # A comment with a sensitive word waits for review.
    page.fill("#comment-form textarea", "小区里有人聚众赌博，请管一管")
    page.locator("#comment-form [type=submit]").click()
    page.locator(".messages").wait_for()
    assert "聚众赌博" not in page.locator("#comments").inner_text()

    # The moderator approves it in the admin queue.
    moderator_context = browser.new_context(locale="zh-CN", base_url=live_url(""))
    moderator_page = moderator_context.new_page()
    try:
        login(moderator_page, seeded_site.moderator)
        moderator_page.goto(live_url("/admin/comments/moderation/"))
        row = moderator_page.locator("tr.comment-queue__row", has_text="聚众赌博")
        assert "赌博" in row.inner_text()
        row.locator("button", has_text="通过").click()
        moderator_page.wait_for_url(re.compile(r"/admin/comments/moderation/\?tab=pending$"))
        assert moderator_page.locator("tr.comment-queue__row", has_text="聚众赌博").count() == 0
    finally:
        moderator_context.close()

    page.goto(live_url(article.url))
    assert "聚众赌博" in page.locator("#comments").inner_text()
