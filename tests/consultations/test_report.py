"""The issuing department decides every opinion and publishes the adoption report (采纳情况); opinion givers are told."""

import pytest
from django.contrib.auth.models import Group

from engagement.comments import services as comment_services
from engagement.comments.models import ModerationMode, SectionModeration
from engagement.consultations import permissions, services
from engagement.consultations.models import AdoptionReport, Opinion, Outcome
from engagement.notifications.models import Notification
from tests.consultations.conftest import close, opinion, sections_of
from tests.factories import UserFactory
from tests.page_privacy import messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def opinions(consultation, alice, bob):
    first, second, _ = sections_of(consultation)
    made = [opinion(consultation, alice, "开放时间太晚。", section=second, wording="18:00起开放"),
            opinion(consultation, bob, "收费写明金额。", section=first),
            opinion(consultation, alice, "总体支持。")]
    close(consultation)
    return made


def decide_all(opinions, by):
    outcomes = [Outcome.ADOPTED, Outcome.NOT_ADOPTED, Outcome.PARTLY]
    for item, outcome in zip(opinions, outcomes):
        services.decide(item, outcome=outcome, reason=f"理由：{outcome.label}", by=by)


def assert_denied(response):
    """Wagtail answers a forbidden admin view with a redirect to the admin home (and a message)."""
    assert response.status_code == 302 and response["Location"] == "/admin/"


def detail_url(consultation):
    return f"/admin/consultations/{consultation.pk}/"


def test_department_staff_decide_and_publish_and_the_report_page_shows_every_outcome(
        client, consultation, opinions, department_staff):
    client.force_login(department_staff)
    for item, outcome in zip(opinions, ["adopted", "not_adopted", "partly"]):
        response = client.post(f"{detail_url(consultation)}opinions/{item.pk}/decide/",
                               {f"o{item.pk}-outcome": outcome, f"o{item.pk}-reason": f"理由{item.pk}"})
        assert response.status_code == 302
    response = client.post(f"{detail_url(consultation)}publish/", {"summary": "共收到3条意见，采纳1条。"})

    assert AdoptionReport.objects.get().published_by == department_staff
    report = client.get(consultation.url + "report/").content.decode()
    assert "共收到3条意见，采纳1条。" in report
    for item in opinions:
        assert f"理由{item.pk}" in report
    assert "部分采纳" in report and "未采纳" in report
    assert "查看采纳情况" in client.get(consultation.url).content.decode()


def test_everyone_who_gave_an_opinion_is_told_once_through_the_outbox(consultation, opinions, department_staff,
                                                                      alice, bob, django_capture_on_commit_callbacks):
    decide_all(opinions, department_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(consultation, summary="说明", by=department_staff)

    told = Notification.objects.filter(kind="consultation_report")
    assert sorted(told.values_list("recipient", flat=True)) == ["alice@example.com", "bob@example.com"]
    alices = told.get(recipient="alice@example.com")
    assert "您共提出2条意见，其中2条被采纳或部分采纳" in alices.body and "/report/" in alices.body


def test_a_report_with_an_open_opinion_is_refused_and_nothing_is_published(client, consultation, opinions,
                                                                         department_staff):
    services.decide(opinions[0], outcome=Outcome.ADOPTED, reason="采纳", by=department_staff)
    client.force_login(department_staff)

    response = client.post(f"{detail_url(consultation)}publish/", {"summary": "说明"})

    assert any("还有2条意见没有处理结果" in m for m in messages_of(response))
    assert not AdoptionReport.objects.exists() and not Notification.objects.exists()
    assert client.get(consultation.url + "report/").status_code == 404


def test_a_report_while_the_consultation_is_open_is_refused(consultation, alice, department_staff):
    item = opinion(consultation, alice)
    services.decide(item, outcome=Outcome.ADOPTED, reason="采纳", by=department_staff)

    with pytest.raises(services.ConsultationRefused, match="征求意见尚未截止"):
        services.publish_report(consultation, summary="说明", by=department_staff)
    assert not AdoptionReport.objects.exists()


def test_an_opinion_waiting_for_a_moderator_blocks_the_report(consultation, alice, department_staff, policy_section):
    SectionModeration.objects.create(section=policy_section, mode=ModerationMode.PRE)
    held = opinion(consultation, alice)
    close(consultation)
    services.decide(held, outcome=Outcome.NOT_ADOPTED, reason="不采纳", by=department_staff)

    with pytest.raises(services.ConsultationRefused, match="还有1条意见等待审核"):
        services.publish_report(consultation, summary="说明", by=department_staff)


def test_a_rejected_opinion_is_not_received_and_needs_no_outcome(consultation, opinions, department_staff, moderator):
    comment_services.reject(opinions[2].comment, by=moderator, reason="与草案无关")
    decide_all(opinions[:2], department_staff)

    services.publish_report(consultation, summary="说明", by=department_staff)

    assert set(services.received(consultation)) == set(opinions[:2])


def test_a_decision_needs_a_reason_and_cannot_change_after_publishing(consultation, opinions, department_staff):
    with pytest.raises(services.ConsultationRefused, match="请填写理由"):
        services.decide(opinions[0], outcome=Outcome.ADOPTED, reason=" ", by=department_staff)
    decide_all(opinions, department_staff)
    services.publish_report(consultation, summary="说明", by=department_staff)

    with pytest.raises(services.ConsultationRefused, match="不能再修改"):
        services.decide(opinions[0], outcome=Outcome.NOT_ADOPTED, reason="改主意", by=department_staff)
    assert Opinion.objects.get(pk=opinions[0].pk).outcome == Outcome.ADOPTED


def test_another_departments_staff_can_neither_see_nor_decide(client, consultation, opinions, other_department_staff):
    client.force_login(other_department_staff)

    assert_denied(client.get(detail_url(consultation)))
    item = opinions[0]
    assert_denied(client.post(f"{detail_url(consultation)}opinions/{item.pk}/decide/",
                              {f"o{item.pk}-outcome": "adopted", f"o{item.pk}-reason": "越权"}))
    assert Opinion.objects.get(pk=item.pk).outcome == Outcome.OPEN
    assert consultation.title not in client.get("/admin/consultations/").content.decode()
    with pytest.raises(services.ConsultationRefused):
        services.publish_report(consultation, summary="说明", by=other_department_staff)


def test_supervisors_write_every_report_chief_editors_only_read_and_residents_nothing(
        client, consultation, opinions, supervisor, chief_editor, alice):
    assert permissions.can(supervisor, "report", consultation)
    assert permissions.can(chief_editor, "view", consultation)
    assert not permissions.can(chief_editor, "report", consultation)
    assert not permissions.can(alice, "view", consultation)

    client.force_login(chief_editor)
    page = client.get(detail_url(consultation))
    assert page.status_code == 200 and "保存处理结果" not in page.content.decode()
    item = opinions[0]
    assert_denied(client.post(f"{detail_url(consultation)}opinions/{item.pk}/decide/",
                              {f"o{item.pk}-outcome": "adopted", f"o{item.pk}-reason": "x"}))
    assert Opinion.objects.get(pk=item.pk).outcome == Outcome.OPEN


def test_staff_of_two_departments_work_both(consultation, opinions, other_department):
    both = UserFactory(username="both")
    both.groups.add(Group.objects.get(name=consultation.issuing_department.staff_group_name),
                    Group.objects.get(name=other_department.staff_group_name))

    assert permissions.can(both, "report", consultation)


def test_the_adopted_policy_links_back_to_its_consultation_and_report(client, consultation, opinions,
                                                                       department_staff, policy):
    consultation.adopted_policy = policy
    consultation.save_revision().publish()
    page = client.get(policy.url).content.decode()
    assert consultation.title in page and "/report/" not in page

    decide_all(opinions, department_staff)
    services.publish_report(consultation, summary="说明", by=department_staff)

    page = client.get(policy.url).content.decode()
    assert consultation.url in page and consultation.url + "report/" in page
