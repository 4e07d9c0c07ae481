"""Staff see their work first: the moderator, the department's staff and the supervisor each start on
the Wagtail dashboard, follow a figure to the list behind it and act there through the real admin forms.
Every dashboard has no axe-core violation of any impact, on a phone (390 px) and a laptop (1366 px)."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.demands.factories import make_demand
from tests.e2e.conftest import describe_violations, run_axe

pytestmark = pytest.mark.e2e

EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


def staff_page(browser, live_server, login, user, width=1366):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    login(page, user)
    return page


def assert_dashboard_accessible(page):
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/admin/")
        violations = run_axe(page, impacts=EVERY_IMPACT)
        assert not violations, f"{width}px\n" + describe_violations(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def figure(page, panel, href_part):
    return page.locator(f"#{panel}-section a.gz-dash-figure[href*='{href_part}']")  # Wagtail's panel id


def test_moderator_starts_on_triage_and_forwards_the_longest_waiting(browser, live_server, login, seeded_site):
    topic, department = seeded_site.topic, seeded_site.department
    oldest = make_demand(topic, title="八月就在等的诉求")
    newer = make_demand(topic, title="昨天的诉求")
    from engagement.demands.models import Demand

    Demand.objects.filter(pk=oldest.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=30))
    page = staff_page(browser, live_server, login, seeded_site.moderator)
    page.goto("/admin/")
    triage = figure(page, "dashboard-triage", "/admin/demands/triage/")
    assert triage.get_attribute("data-figure-count") == "2"
    assert "工作日" in page.locator("#dashboard-triage-section .gz-dash-note").inner_text()
    assert page.locator("#dashboard-comments-section a.gz-dash-figure").count() == 1  # comments pending, too
    assert page.locator("#dashboard-department-section, #dashboard-supervision-section").count() == 0
    assert_dashboard_accessible(page)

    triage.click()
    page.wait_for_url(re.compile(r"/admin/demands/triage/\?sort=waiting$"))
    rows = page.locator("tr.demand-row")
    assert rows.nth(0).get_attribute("data-demand") == oldest.tracking_number  # the longest waiting first
    assert int(rows.nth(0).locator("[data-waiting-days]").get_attribute("data-waiting-days")) >= 20
    assert rows.nth(1).get_attribute("data-demand") == newer.tracking_number

    rows.nth(0).locator("a.button").click()
    page.select_option("form[action$='/forward/'] select[name=department]", str(department.pk))
    page.locator("form[action$='/forward/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/demands/triage/$"))
    assert page.locator(f"tr[data-demand='{oldest.tracking_number}']").count() == 0
    oldest.refresh_from_db()
    assert oldest.status == "forwarded" and oldest.department == department
    page.goto("/admin/")
    assert figure(page, "dashboard-triage", "/admin/demands/triage/").get_attribute("data-figure-count") == "1"
    page.context.close()


def test_department_staff_see_new_and_reopened_work_and_answer_in_the_workspace(
        browser, live_server, login, seeded_site, department_staff, other_department):
    topic, department, moderator = seeded_site.topic, seeded_site.department, seeded_site.moderator
    resident = seeded_site.resident
    new = make_demand(topic, title="新转来的诉求").forward(to=department, by=moderator)
    reopened = make_demand(topic, title="居民不满意的诉求", author=resident).forward(to=department, by=moderator)
    reopened.accept(by=department_staff)
    reopened.answer(text="已处理。", by=department_staff)
    reopened.rate(satisfaction="dissatisfied", by=resident, comment="问题还在。")
    make_demand(topic, title="别的部门的诉求").forward(to=other_department, by=moderator)

    page = staff_page(browser, live_server, login, department_staff)
    page.goto("/admin/")
    assert figure(page, "dashboard-department", "tab=new").get_attribute("data-figure-count") == "1"
    assert figure(page, "dashboard-department", "tab=reopened").get_attribute("data-figure-count") == "1"
    assert figure(page, "dashboard-department", "tab=overdue").get_attribute("data-figure-count") == "0"
    assert page.locator("#dashboard-triage-section, #dashboard-supervision-section").count() == 0
    assert_dashboard_accessible(page)

    figure(page, "dashboard-department", "tab=reopened").click()
    page.wait_for_url(re.compile(r"tab=reopened$"))
    row = page.locator(f"tr[data-demand='{reopened.tracking_number}']")
    assert row.locator("[data-reopened]").count() == 1
    assert int(row.locator("[data-days-left]").get_attribute("data-days-left")) > 0
    assert "别的部门的诉求" not in page.content()

    page.goto("/admin/")
    figure(page, "dashboard-department", "tab=new").click()
    page.wait_for_url(re.compile(r"tab=new$"))
    page.locator(f"tr[data-demand='{new.tracking_number}'] a.button").click()
    page.locator("form[action$='/accept/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.fill("form[action$='/answer/'] textarea[name=text]", "已安排人员现场处理，并将每周回访。")
    page.locator("form[action$='/answer/'] button[type=submit]").click()
    page.wait_for_load_state()
    new.refresh_from_db()
    assert new.status == "answered"
    assert "已安排人员现场处理" in page.content()
    page.goto("/admin/")
    assert figure(page, "dashboard-department", "tab=new").get_attribute("data-figure-count") == "0"
    page.context.close()


def test_supervisor_sees_overdue_per_department_and_grants_an_extension(
        browser, live_server, login, seeded_site, department_staff, supervisor):
    from engagement.demands.models import Demand

    topic, department, moderator = seeded_site.topic, seeded_site.department, seeded_site.moderator
    late = make_demand(topic, title="超期未受理的诉求").forward(to=department, by=moderator)
    Demand.objects.filter(pk=late.pk).update(accept_due_at=timezone.now() - datetime.timedelta(days=5))
    asking = make_demand(topic, title="需要延期的诉求").forward(to=department, by=moderator)
    asking.accept(by=department_staff)
    asking.request_extension(days=3, reason="需要协调多个部门。", by=department_staff)
    before = Demand.objects.get(pk=asking.pk).answer_due_at

    page = staff_page(browser, live_server, login, supervisor)
    page.goto("/admin/")
    per_department = figure(page, "dashboard-supervision", f"department={department.slug}")
    assert per_department.get_attribute("data-figure-count") == "1"
    assert department.name in per_department.inner_text()
    extensions = figure(page, "dashboard-supervision", "/admin/demands/extensions/")
    assert extensions.get_attribute("data-figure-count") == "1"
    assert page.locator("#dashboard-alerts-section a.gz-dash-figure").count() == 2
    assert_dashboard_accessible(page)

    figure(page, "dashboard-supervision", f"department={department.slug}").click()
    page.wait_for_url(re.compile(rf"tab=overdue&department={department.slug}$"))
    page.locator("tr.demand-row").first.wait_for()
    assert page.locator("tr.demand-row").count() == 1
    assert page.locator(f"tr[data-demand='{late.tracking_number}'] [data-overdue]").count() == 1

    page.goto("/admin/")
    figure(page, "dashboard-supervision", "/admin/demands/extensions/").click()
    page.wait_for_url(re.compile(r"/admin/demands/extensions/$"))
    page.locator("tr[data-extension] button[value=grant]").click()
    page.wait_for_load_state()
    asking.refresh_from_db()
    assert asking.extension_days == 3 and asking.answer_due_at > before
    page.goto("/admin/")
    assert figure(page, "dashboard-supervision", "/admin/demands/extensions/").get_attribute(
        "data-figure-count") == "0"
    page.context.close()
