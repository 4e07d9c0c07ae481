"""交办: a department hands an accepted demand to a verified mediation organisation, which answers it in public.
The hand-over itself: one lifecycle step, audited, atomic, the same deadline, the resident told; and every
refusal says why and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from engagement.demands import permissions as perms
from engagement.demands.models import Demand, DemandAnswer, DemandEvent
from engagement.demands.transitions import LIFECYCLE, TransitionNotAllowed
from engagement.notifications.models import Notification
from engagement.residents import organisations
from tests.page_privacy import messages_of

from .factories import make_demand
from .mediation import verified_organisation

pytestmark = pytest.mark.django_db

REASON = "楼上楼下的噪声纠纷，适合人民调解"


@pytest.fixture
def mediator(moderator):
    return verified_organisation(moderator)


def _hand_over(client, staff, demand, record, reason=REASON):
    client.force_login(staff)
    return client.post(reverse("demands_admin:workspace_action", args=[demand.pk, "hand_over"]),
                       {"organisation": record.pk, "reason": reason})


def _unchanged(demand):
    fresh = Demand.objects.get(pk=demand.pk)
    return fresh.handler_id is None and not DemandEvent.objects.filter(demand=demand, action="handed_over").exists()


def test_the_hand_over_is_a_step_of_the_one_lifecycle_table():
    assert LIFECYCLE["hand_over"].actor == "department" and LIFECYCLE["hand_over"].sources == ("accepted",)
    assert LIFECYCLE["answer_handed"].actor == "handler" and LIFECYCLE["answer_handed"].handed is True
    assert LIFECYCLE["answer"].handed is False


def test_staff_hand_an_accepted_demand_over_and_the_deadline_stays(client, accepted, department_staff, mediator,
                                                                    resident):
    account, record = mediator
    due = accepted.answer_due_at
    Notification.objects.all().delete()

    response = _hand_over(client, department_staff, accepted, record)

    accepted.refresh_from_db()
    assert response.status_code == 302 and any("幸福里人民调解委员会" in m for m in messages_of(response))
    assert accepted.handler == record and accepted.status == "accepted" and accepted.answer_due_at == due
    event = accepted.events.get(action="handed_over")
    assert (event.actor, event.organisation, event.note, event.department) == (
        department_staff, record, REASON, accepted.department)
    told = dict(Notification.objects.values_list("recipient", "body"))
    assert REASON in told[resident.email] and timezone.localtime(due).strftime("%Y-%m-%d %H:%M") in told[resident.email]
    assert "/demands/handled/" in told[account.email]


@pytest.mark.parametrize("change", ["suspended", "expired", "withdrawn", "welfare"])
def test_handing_to_an_organisation_not_in_force_or_not_mediation_is_refused(client, accepted, department_staff,
                                                                             moderator, mediator, change):
    _account, record = mediator
    if change == "suspended":
        organisations.suspend(record, reason="年检未通过", by=moderator)
    elif change == "withdrawn":
        organisations.withdraw(record, reason="登记证书被注销", by=moderator)
    elif change == "expired":
        type(record).objects.filter(pk=record.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    else:
        _account, record = verified_organisation(moderator, username="gongyi", name="阳光公益服务中心", kind="welfare")

    response = _hand_over(client, department_staff, accepted, record)

    message = " ".join(messages_of(response))
    assert {"suspended": "暂停", "withdrawn": "撤销", "expired": "过期", "welfare": "不是调解组织"}[change] in message
    assert _unchanged(accepted)


def test_staff_of_another_department_cannot_hand_its_demand_over(client, accepted, other_department_staff, mediator):
    _account, record = mediator
    assert not perms.can(other_department_staff, "hand_over", accepted)

    response = _hand_over(client, other_department_staff, accepted, record)

    assert response.status_code == 404  # another department's demand does not exist for them
    assert _unchanged(accepted)


def test_only_an_accepted_public_first_round_demand_not_yet_handed_can_be_handed_over(
        client, forwarded, department_staff, mediator, topic, grid, resident, moderator, department):
    _account, record = mediator
    response = _hand_over(client, department_staff, forwarded, record)  # not accepted yet
    assert any("已转办" in m for m in messages_of(response)) and _unchanged(forwarded)

    private = make_demand(topic, author=resident, area=grid, is_public=False).forward(to=department, by=moderator)
    private.accept(by=department_staff)
    response = _hand_over(client, department_staff, private, record)
    assert any("不公开" in m or "私密" in m for m in messages_of(response)) and _unchanged(private)

    forwarded.accept(by=department_staff)
    forwarded.hand_over(to=record, by=department_staff, reason=REASON)
    response = _hand_over(client, department_staff, forwarded, record)  # twice
    assert messages_of(response) and forwarded.events.filter(action="handed_over").count() == 1


def test_a_demand_answered_once_stays_with_the_department_for_its_follow_up(answered, resident, department_staff,
                                                                             mediator):
    _account, record = mediator
    answered.rate(satisfaction="dissatisfied", by=resident)
    assert answered.status == "accepted"
    with pytest.raises(TransitionNotAllowed):
        answered.hand_over(to=record, by=department_staff, reason=REASON)


def test_the_department_cannot_answer_what_it_handed_over_until_it_takes_it_back(accepted, department_staff,
                                                                                mediator, resident):
    account, record = mediator
    accepted.hand_over(to=record, by=department_staff, reason=REASON)
    assert not perms.can(department_staff, "answer", accepted)
    with pytest.raises(TransitionNotAllowed, match="幸福里人民调解委员会"):
        accepted.answer(text="我们直接答复", by=department_staff)
    assert not DemandAnswer.objects.exists()

    Notification.objects.all().delete()
    accepted.take_back(by=department_staff, reason="调解组织暂停，由我局直接办理")
    assert accepted.handler is None and perms.can(department_staff, "answer", accepted)
    assert not perms.can(account, "answer_handed", accepted)
    assert accepted.events.filter(action="taken_back", organisation=record).exists()
    assert set(Notification.objects.values_list("recipient", flat=True)) == {resident.email, account.email}
    accepted.answer(text="我们直接答复", by=department_staff)
    assert accepted.status == "answered"


def test_the_workspace_offers_only_organisations_that_may_handle(client, accepted, department_staff, moderator,
                                                                  mediator):
    _account, record = mediator
    _s, suspended = verified_organisation(moderator, username="zanting", name="暂停的调解中心")
    organisations.suspend(suspended, reason="整改", by=moderator)
    verified_organisation(moderator, username="gongyi", name="阳光公益服务中心", kind="welfare")
    client.force_login(department_staff)

    page = client.get(reverse("demands_admin:workspace_detail", args=[accepted.pk])).content.decode()

    assert "幸福里人民调解委员会" in page
    assert "暂停的调解中心" not in page and "阳光公益服务中心" not in page


def test_the_workspace_says_why_a_private_demand_cannot_be_handed_over(client, topic, grid, resident, department,
                                                                       moderator, department_staff, mediator):
    private = make_demand(topic, author=resident, area=grid, is_public=False).forward(to=department, by=moderator)
    private.accept(by=department_staff)
    client.force_login(department_staff)

    page = client.get(reverse("demands_admin:workspace_detail", args=[private.pk])).content.decode()

    assert "data-hand-over-refusal" in page and "不公开的诉求由部门自行办理" in page
    assert 'name="organisation"' not in page


def test_staff_answering_from_a_stale_page_after_the_hand_over_are_told_to_whom_it_went(client, accepted,
                                                                                      department_staff, mediator):
    _account, record = mediator
    accepted.hand_over(to=record, by=department_staff, reason=REASON)
    client.force_login(department_staff)

    response = client.post(reverse("demands_admin:workspace_action", args=[accepted.pk, "answer"]),
                           {"text": "我们直接答复"})

    assert any("已交由幸福里人民调解委员会办理" in m for m in messages_of(response))
    assert not DemandAnswer.objects.exists()
