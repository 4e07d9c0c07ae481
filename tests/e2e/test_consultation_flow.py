"""A resident comments on a section of a consultation in the browser; a reader opens the adoption report."""

import re

import pytest

from engagement.consultations import services
from engagement.consultations.models import Opinion, Outcome
from tests.consultations.conftest import close, make_consultation, opinion, sections_of
from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _clear_rate_limits(clear_rate_limits):
    pass


def test_a_resident_comments_on_a_section_and_supports_it(page, live_url, seeded_site, login, axe):
    consultation = make_consultation(seeded_site.policies, seeded_site.department)
    second = sections_of(consultation)[1]
    login(page, seeded_site.resident)

    page.goto(live_url(consultation.url))
    section = page.locator(f"#section-{second.pk}")
    assert "0 条意见" in section.inner_text()
    violations = axe(page)
    assert not violations, describe_violations(violations)

    section.get_by_text("对本条提意见").click()
    section.get_by_label("您的意见").fill("19:00开放太晚，很多居民18:00就到家了。")
    section.get_by_label("建议修改为（选填）").fill("工作日18:00至次日7:30开放。")
    section.get_by_role("button", name="提交意见").click()
    page.wait_for_url(re.compile(re.escape(consultation.url) + f"#section-{second.pk}$"))

    assert "谢谢，您的意见已发布。" in page.locator(".messages").inner_text()
    section = page.locator(f"#section-{second.pk}")
    assert "1 条意见" in section.inner_text()
    first_opinion = page.locator(".opinions .opinion").first
    assert "针对第2条" in first_opinion.inner_text() and "工作日18:00至次日7:30开放。" in first_opinion.inner_text()

    section.get_by_role("button", name="赞成").click()
    page.wait_for_load_state()
    section = page.locator(f"#section-{second.pk}")
    assert "1 人赞成" in section.inner_text()
    assert section.get_by_role("button", name="赞成").get_attribute("aria-pressed") == "true"
    assert Opinion.objects.get().section_id == second.pk


def test_a_reader_opens_the_adoption_report_from_the_consultation(page, live_url, seeded_site, department_staff, axe):
    from tests.comments.factories import make_resident

    consultation = make_consultation(seeded_site.policies, seeded_site.department)
    first, second, _third = sections_of(consultation)
    adopted = opinion(consultation, make_resident("wang", display_name="王阿姨"), "开放时间提前。", section=second)
    refused = opinion(consultation, make_resident("li", display_name="李师傅"), "医院停车场也纳入。", section=first)
    close(consultation)
    services.decide(adopted, outcome=Outcome.ADOPTED, reason="正式文件改为18:00起开放。", by=department_staff)
    services.decide(refused, outcome=Outcome.NOT_ADOPTED, reason="医院夜间仍有急诊需求。", by=department_staff)
    services.publish_report(consultation, summary="共收到意见2条，采纳1条。", by=department_staff)

    page.goto(live_url(consultation.url))
    assert "不再接受意见" in page.locator(".consultation__notice").inner_text()
    assert page.locator("textarea[name=comment]").count() == 0
    page.get_by_role("link", name=re.compile("查看采纳情况")).click()
    page.wait_for_url(re.compile(r"/report/$"))

    assert "共收到意见2条，采纳1条。" in page.locator(".report-summary").inner_text()
    total = page.locator(".report-figures tfoot tr").inner_text().split()
    assert total[-4:] == ["2", "1", "0", "1"]
    outcome = page.locator(".opinion", has_text="医院停车场也纳入。").locator(".opinion__outcome").inner_text()
    assert "未采纳" in outcome and "医院夜间仍有急诊需求。" in outcome
    violations = axe(page)
    assert not violations, describe_violations(violations)
