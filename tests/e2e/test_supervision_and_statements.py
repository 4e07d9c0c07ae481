"""In real browsers, two public records of participation (issue 15): a verified organisation's position
statement on a policy, approved by a moderator and listed under the organisation's name; and the monthly 通报
of overdue demands, read on a phone."""

import re

import pytest

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e

STATEMENT = "本中心建议在错时共享停车方案中为残障人士和孕妇预留车位，并在实施一年后公开评估结果。"


def test_an_organisations_statement_is_listed_on_the_policy_once_a_moderator_approves_it(
        page, browser, live_url, login, seeded_site, axe):
    from playwright.sync_api import expect

    from tests.residents.organisations import NAME, make_organisation

    account, _record = make_organisation(seeded_site.moderator)
    policy_url = live_url(seeded_site.policy.url)

    login(page, account)
    page.goto(policy_url)
    page.fill("#statement-text", STATEMENT)
    page.locator(".statement-form button[type=submit]").click()
    expect(page.locator("#statements [role=status]")).to_be_visible()
    assert STATEMENT not in page.locator("#statements").inner_text()  # held until a moderator approves it

    moderator_context = browser.new_context(locale="zh-CN", base_url=live_url(""))
    moderator_page = moderator_context.new_page()
    try:
        login(moderator_page, seeded_site.moderator)
        moderator_page.goto(live_url("/admin/comments/moderation/"))
        row = moderator_page.locator("tr.comment-queue__row", has_text="残障人士")
        row.locator("button", has_text="通过").click()
        moderator_page.wait_for_url(re.compile(r"/admin/comments/moderation/\?tab=pending$"))
    finally:
        moderator_context.close()

    reader = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    reader.goto(policy_url)
    statement = reader.locator("#statements .statement", has_text="残障人士")
    expect(statement.locator(".statement__organisation")).to_have_text(NAME)
    violations = axe(reader)
    assert not violations, describe_violations(violations)
    statement.locator(".statement__organisation").click()
    expect(reader.locator("main")).to_contain_text(STATEMENT)
    assert not reader.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    violations = axe(reader)
    assert not violations, describe_violations(violations)
    reader.context.close()


def test_the_monthly_list_of_overdue_demands_reads_on_a_phone_and_leads_to_the_demand(
        browser, live_url, seeded_site, axe):
    from django.utils import timezone
    from playwright.sync_api import expect

    from engagement.demands.deadlines import add_working_days
    from engagement.demands.escalation import escalate
    from tests.demands.factories import make_demand

    demand = make_demand(seeded_site.topic, author=seeded_site.resident, area=seeded_site.grid,
                         title="路灯坏了一个月无人修").forward(to=seeded_site.department, by=seeded_site.moderator)
    escalate(now=add_working_days(demand.accept_due_at, 11))
    listed = demand.escalations.get(step="listed")
    month = f"{timezone.localtime(listed.created_at):%Y-%m}"

    page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    page.goto(live_url(f"/demands/supervision/{month}/"))
    row = page.locator(f"tr[data-demand='{demand.tracking_number}']")
    expect(row).to_contain_text(seeded_site.department.name)
    expect(row.locator("[data-days]")).to_have_text("11")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    violations = axe(page)
    assert not violations, describe_violations(violations)
    assert "13912345678" not in page.content()

    row.get_by_role("link", name="路灯坏了一个月无人修").click()
    page.wait_for_url(re.compile(rf"/demands/{demand.tracking_number}/"))
    expect(page.locator(f"main li:has(a[href='/demands/supervision/{month}/'])")).to_contain_text("11")
    page.context.close()
