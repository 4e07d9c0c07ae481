"""A resident logs in, votes in the poll under an article, sees the results; then rates the policy."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def log_in_through_the_form(page, live_url, user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    page.goto(live_url("/accounts/login/"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.content()[:2000]


@pytest.fixture
def poll(seeded_site):
    from engagement.polls.models import Poll, PollChoice

    now = timezone.now()
    poll = Poll.objects.create(
        question="您支持错时共享停车吗？", description="请选择一项。", opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7), page=seeded_site.lead,
        results_visibility=Poll.ResultsVisibility.AFTER_VOTING,
    )
    for i, text in enumerate(["支持", "反对", "无所谓"]):
        PollChoice.objects.create(poll=poll, text=text, sort_order=i)
    return poll


def test_a_resident_votes_under_an_article_and_sees_the_results(page, live_url, seeded_site, poll, axe):
    log_in_through_the_form(page, live_url, seeded_site.resident)

    page.goto(live_url(seeded_site.lead.url))
    panel = page.locator(f"#poll-{poll.pk}")
    assert "投票后即可查看结果" in panel.inner_text()  # results only after voting
    violations = axe(page)
    assert not violations, describe_violations(violations)

    panel.get_by_label("支持").check()
    panel.get_by_role("button", name="投票").click()
    page.wait_for_url(re.compile(re.escape(seeded_site.lead.url) + "$"))

    assert "感谢参与，您的投票已计入。" in page.locator(".messages").inner_text()
    panel = page.locator(f"#poll-{poll.pk}")
    results = panel.locator(".poll-results").inner_text()
    assert "结果：共 1 人投票" in results
    assert "100.0% · 1 票" in results
    assert "您的选择" in results
    assert panel.locator("input[name=choice]").count() == 0  # no second vote offered

    # The standalone poll page agrees.
    page.goto(live_url(f"/polls/{poll.pk}/"))
    assert "您已参与本投票" in page.locator(".poll").inner_text()
    violations = axe(page)
    assert not violations, describe_violations(violations)


def test_a_resident_rates_the_policy_and_changes_the_rating(page, live_url, seeded_site, axe):
    log_in_through_the_form(page, live_url, seeded_site.resident)
    page.goto(live_url(seeded_site.policy.url))
    form = page.locator(".policy-rating__form")

    form.locator("input[name=score][value='2']").check()
    form.get_by_label("不满意").check()
    form.locator("textarea[name=reason]").fill("收费标准不清楚")
    form.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state()
    assert "感谢参与，您的评价已保存。" in page.locator(".messages").inner_text()
    assert "共 1 条评价" in page.locator("#policy-rating").inner_text()

    form = page.locator(".policy-rating__form")
    form.locator("input[name=score][value='4']").check()
    form.get_by_label("基本满意", exact=True).check()
    form.get_by_role("button", name="修改我的评价").click()
    page.wait_for_load_state()
    summary = page.locator("#policy-rating").inner_text()
    assert "您的评价已更新。" in page.locator(".messages").inner_text()
    assert "共 1 条评价" in summary and "4.0" in summary
    violations = axe(page)
    assert not violations, describe_violations(violations)
