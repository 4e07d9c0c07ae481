"""A resident on a phone (390 px): signs up and confirms the email, logs in from the header's menu,
submits a demand through the styled form, comments on a story, votes in a poll and rates the answer.
Each step asserts what the resident sees; every form's targets are at least 44 px high."""

import re

import pytest

from tests.e2e.conftest import describe_violations
from tests.e2e.test_poll_vote import poll  # noqa: F401  (the fixture)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PASSWORD = "Gongzhi-resident-2026!"
EMAIL = "zhao@example.com"
MIN_TARGET = 44


def assert_large_targets(page, form):
    """Every visible input, select, textarea and button of ``form`` is at least 44 px high."""
    for control in page.locator(f"{form} :is(input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, "
                                f"textarea, button[type=submit])").all():
        if not control.is_visible():
            continue
        box = control.bounding_box()
        assert box["height"] >= MIN_TARGET, (form, control.evaluate("e => e.outerHTML")[:200], box)


def open_menu(page):
    button = page.locator(".menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
        assert button.get_attribute("aria-expanded") == "true"


def test_a_resident_on_a_phone_goes_from_signup_to_rating_an_answer(page, live_url, seeded_site, poll, department_staff,  # noqa: F811
                                                                   mailoutbox, axe_all):
    from django.contrib.auth import get_user_model

    from engagement.demands.models import Demand

    page.set_viewport_size(PHONE)

    # 1. Sign up: the menu button shows the account links; the form is styled and has no label colons.
    page.goto(live_url("/"))
    assert not page.locator(".header-account").is_visible()  # behind the menu on a phone
    open_menu(page)
    page.locator(".header-account a", has_text="注册").click()
    page.wait_for_url(re.compile(r"/accounts/signup/"))
    assert ":" not in page.locator("main form label").all_inner_texts()[0]
    assert_large_targets(page, "main form")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=display_name]", "赵阿姨")
    page.check("input[name=privacy_consent]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/confirm-email/" in page.url or "验证" in page.locator("main").inner_text()

    # 2. Confirm the address from the email, then log in from the header.
    link = re.search(r"(/accounts/confirm-email/\S+)", mailoutbox[-1].body).group(1)
    page.goto(live_url(link))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(live_url(seeded_site.lead.url))
    open_menu(page)
    page.locator(".header-account a", has_text="登录").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert_large_targets(page, "main form")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(seeded_site.lead.url) + "$"))
    open_menu(page)
    assert "赵阿姨" in page.locator(".header-account").inner_text() or EMAIL.split("@")[0] in page.locator(".header-account").inner_text()
    assert "退出" in page.locator(".header-account").inner_text()
    resident = get_user_model().objects.get(email=EMAIL)

    # 3. Comment under the story: the count above the threads goes up by one.
    count = int(re.search(r"\((\d+)\)", page.locator(".comments__count").inner_text()).group(1))
    assert_large_targets(page, "#comment-form")
    page.fill("#comment-form textarea", "错时共享停车很方便，希望扩大到我们小区。")
    page.locator("#comment-form [type=submit]").click()
    page.locator(".comment__text", has_text="希望扩大到我们小区").wait_for()
    assert f"({count + 1})" in page.locator(".comments__count").inner_text()

    # 4. Vote in the poll under the story and see the results.
    assert_large_targets(page, ".poll__form")
    page.locator(".poll__choice", has_text="支持").click()
    page.locator(".poll__form button[type=submit]").click()
    page.locator(".poll-results").first.wait_for()
    assert "支持" in page.locator(".poll-results").first.inner_text()

    # 5. Submit a demand through the styled form.
    page.goto(live_url("/demands/new/"))
    assert_large_targets(page, "form.demand-form")
    violations = axe_all(page)
    assert not violations, describe_violations(violations)
    page.select_option("select[name=topic]", str(seeded_site.topic.pk))
    page.select_option("select[name=area]", str(seeded_site.grid.pk))
    page.fill("input[name=title]", "幸福里北门路灯不亮")
    page.fill("textarea[name=description]", "北门两盏路灯已经坏了一周，晚上出行不安全。")
    page.check("input[name=privacy_consent]")
    page.locator("form.demand-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/demands/GZ-\d{4}-\d{6}/$"))
    demand = Demand.objects.get(title="幸福里北门路灯不亮")
    assert demand.author == resident
    assert demand.tracking_number in page.locator(".messages").inner_text()

    # 6. The department answers; the resident rates the answer on the demand's page.
    demand = demand.forward(to=seeded_site.department, by=seeded_site.moderator)
    demand = demand.accept(by=department_staff)
    demand.answer(text="已更换两盏路灯，请您留意。", by=department_staff)
    page.reload()
    assert "已更换两盏路灯" in page.locator(".demand__answer").inner_text()
    rate = page.locator(".demand__rate form")
    assert not re.search(r"[？?]:", rate.inner_text())  # "您对答复满意吗？:" no more
    assert_large_targets(page, ".demand__rate form")
    rate.locator("input[name=satisfaction][value=satisfied]").check()
    rate.locator("button[type=submit]").click()
    page.wait_for_load_state()
    demand.refresh_from_db()
    assert demand.status == "closed"
    assert page.locator(".demand__rating").count() == 1
    violations = axe_all(page)
    assert not violations, describe_violations(violations)
