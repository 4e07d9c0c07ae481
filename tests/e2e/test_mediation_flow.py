"""交办 in real browsers: department staff hand an accepted demand to a mediation organisation in the Wagtail
admin; the organisation finds it in its work list on the public site and answers under its name."""

import re

import pytest

from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e


def test_a_demand_handed_to_a_mediation_organisation_is_answered_under_its_name(
        page, browser, live_server, live_url, login, seeded_site, department_staff, axe):
    from playwright.sync_api import expect

    from tests.demands.factories import make_demand
    from tests.demands.mediation import verified_organisation

    demand = make_demand(seeded_site.topic, author=seeded_site.resident, area=seeded_site.grid,
                         title="楼上深夜噪声扰民").forward(to=seeded_site.department, by=seeded_site.moderator)
    demand.accept(by=department_staff)
    account, record = verified_organisation(seeded_site.moderator)

    staff_context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    staff_page = staff_context.new_page()
    login(staff_page, department_staff)
    staff_page.goto(live_url(f"/admin/demands/workspace/{demand.pk}/"))
    staff_page.select_option("select[name=organisation]", str(record.pk))
    staff_page.fill("textarea[name=reason]", "邻里之间的噪声纠纷，适合人民调解")
    staff_page.locator("section[data-hand-over] button[type=submit]").click()
    expect(staff_page.locator("section[data-handler]")).to_contain_text(record.name)

    login(page, account)
    page.goto(live_url("/demands/handled/"))
    violations = axe(page)
    assert not violations, describe_violations(violations)
    page.get_by_role("link", name="楼上深夜噪声扰民").click()
    page.wait_for_url(re.compile(rf"/demands/{demand.tracking_number}/"))
    page.fill("#answer-form textarea[name=text]", "调解员已上门，双方约定晚十点后保持安静。")
    page.locator("#answer-form button[type=submit]").click()
    expect(page.locator("[data-answered-by-organisation]")).to_have_text(record.name)
    violations = axe(page)
    assert not violations, describe_violations(violations)
    assert "13912345678" not in page.content()
    staff_context.close()
