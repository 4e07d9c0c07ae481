import re

import pytest

from engagement.notifications.models import Notification
from engagement.demands.models import Demand, DemandAnswer, DemandEvent, DemandRating
from engagement.demands.transitions import TransitionNotAllowed

from .factories import make_demand

pytestmark = pytest.mark.django_db


def outbox():
    """Queued notifications (delivery runs on commit, which these transactional tests roll back)."""
    return list(Notification.objects.order_by("pk").values_list("recipient", "subject"))


def clear_outbox():
    Notification.objects.all().delete()


def actions(demand):
    return list(demand.events.values_list("action", "from_status", "to_status"))


def test_submitting_gives_a_tracking_number_and_emails_it(demand, resident):
    assert re.fullmatch(r"GZ-\d{4}-\d{6}", demand.tracking_number)
    assert demand.status == Demand.Status.SUBMITTED
    assert actions(demand) == [("submitted", "", "submitted")]
    assert any(demand.tracking_number in subject and to == resident.email for to, subject in outbox())


def test_tracking_numbers_count_up_within_a_year(topic):
    first, second = make_demand(topic), make_demand(topic)
    assert int(second.tracking_number[-6:]) == int(first.tracking_number[-6:]) + 1


def test_forwarding_sets_department_deadline_and_tells_the_department(demand, department, moderator, department_staff):
    clear_outbox()
    demand.forward(to=department, by=moderator, note="属城管职责")
    demand.refresh_from_db()
    assert demand.status == "forwarded" and demand.department == department
    assert demand.accept_due_at > demand.forwarded_at
    event = demand.events.last()
    assert (event.action, event.actor, event.from_status, event.to_status, event.note) == (
        "forwarded", moderator, "submitted", "forwarded", "属城管职责")
    assert [to for to, _ in outbox()] == [department_staff.email]


def test_accept_then_answer_publishes_the_answer_and_tells_the_resident(accepted, department_staff, resident):
    clear_outbox()
    assert accepted.status == "accepted" and accepted.answer_due_at
    accepted.answer(text="已处理。", by=department_staff)
    accepted.refresh_from_db()
    assert accepted.status == "answered"
    assert DemandAnswer.objects.get(demand=accepted).text == "已处理。"
    assert accepted.first_answered_on_time is True
    assert [to for to, _ in outbox()] == [resident.email]


def test_satisfied_rating_closes(answered, resident):
    answered.rate(satisfaction="satisfied", by=resident, comment="谢谢")
    assert answered.status == "closed"
    assert [a for a, *_ in actions(answered)][-2:] == ["rated", "closed"]


def test_dissatisfied_reopens_once_then_the_second_answer_closes_for_good(answered, resident, department_staff):
    answered.rate(satisfaction="dissatisfied", by=resident, comment="晚上仍有车辆")
    assert answered.status == "accepted" and answered.round == 2 and answered.answer_due_at
    answered.answer(text="已加装隔离桩。", by=department_staff)
    assert answered.status == "answered"
    answered.rate(satisfaction="dissatisfied", by=resident)
    assert answered.status == "closed"
    assert list(DemandAnswer.objects.filter(demand=answered).values_list("round", flat=True)) == [1, 2]
    assert DemandRating.objects.filter(demand=answered).count() == 2
    with pytest.raises(TransitionNotAllowed):
        answered.rate(satisfaction="satisfied", by=resident)


def test_reject_needs_a_reason_and_tells_the_resident(demand, moderator, resident):
    with pytest.raises(TransitionNotAllowed):
        demand.reject(by=moderator, reason=" ")
    assert Demand.objects.get(pk=demand.pk).status == "submitted"
    clear_outbox()
    demand.reject(by=moderator, reason="不属于政务诉求")
    assert demand.status == "rejected"
    assert demand.events.last().note == "不属于政务诉求"
    assert outbox()[0][0] == resident.email


def test_merge_points_to_the_surviving_demand(demand, topic, moderator):
    survivor = make_demand(topic, title="幸福里北门停车问题")
    demand.merge(into=survivor, by=moderator)
    assert demand.status == "merged" and demand.merged_into == survivor
    with pytest.raises(TransitionNotAllowed):
        survivor.merge(into=survivor, by=moderator)
    with pytest.raises(TransitionNotAllowed):
        make_demand(topic).merge(into=demand, by=moderator)  # into a merged one


def test_return_to_triage_clears_the_department(forwarded, department_staff):
    with pytest.raises(TransitionNotAllowed):
        forwarded.return_to_triage(by=department_staff, reason="")
    forwarded.return_to_triage(by=department_staff, reason="应由生态环境局处理")
    assert forwarded.status == "submitted" and forwarded.department is None and forwarded.accept_due_at is None
    event = forwarded.events.last()
    assert (event.action, event.note, event.department_id is not None) == ("returned", "应由生态环境局处理", True)


def test_moderator_corrects_the_kind_and_the_deadline_follows(accepted, moderator):
    accepted.change_kind(kind="suggestion", by=moderator)
    due_complaint = accepted.answer_due_at
    accepted.change_kind(kind="enquiry", by=moderator)
    assert accepted.answer_due_at < due_complaint
    assert accepted.events.filter(action="kind_changed").count() == 2


@pytest.mark.parametrize("state,refused", [
    ("demand", ["accept", "answer", "rate", "return"]),
    ("forwarded", ["forward", "reject", "merge", "answer", "rate"]),
    ("accepted", ["forward", "reject", "merge", "accept", "return", "rate"]),
    ("answered", ["forward", "reject", "merge", "accept", "return", "answer"]),
])
def test_refused_transitions_change_nothing(request, state, refused, department, moderator, department_staff,
                                            resident, topic):
    demand = request.getfixturevalue(state)
    other = make_demand(topic)
    calls = {
        "forward": lambda: demand.forward(to=department, by=moderator),
        "reject": lambda: demand.reject(by=moderator, reason="x"),
        "merge": lambda: demand.merge(into=other, by=moderator),
        "accept": lambda: demand.accept(by=department_staff),
        "return": lambda: demand.return_to_triage(by=department_staff, reason="x"),
        "answer": lambda: demand.answer(text="x", by=department_staff),
        "rate": lambda: demand.rate(satisfaction="satisfied", by=resident),
    }
    before = (demand.status, demand.events.count())
    for name in refused:
        with pytest.raises(TransitionNotAllowed) as exc:
            calls[name]()
        assert exc.value.message
        fresh = Demand.objects.get(pk=demand.pk)
        assert (fresh.status, fresh.events.count()) == before, name


def test_closed_rejected_and_merged_accept_nothing(answered, resident, moderator, department, topic):
    answered.rate(satisfaction="satisfied", by=resident)
    for call in (lambda: answered.forward(to=department, by=moderator), lambda: answered.rate(
            satisfaction="dissatisfied", by=resident), lambda: answered.change_kind(kind="help", by=moderator)):
        with pytest.raises(TransitionNotAllowed):
            call()


def test_a_stale_copy_is_told_it_was_already_handled(demand, department, other_department, moderator):
    stale = Demand.objects.get(pk=demand.pk)
    demand.forward(to=department, by=moderator)
    with pytest.raises(TransitionNotAllowed, match="Already handled|已被处理|已处理"):
        stale.forward(to=other_department, by=moderator)
    assert Demand.objects.get(pk=demand.pk).department == department
    assert DemandEvent.objects.filter(demand=demand, action="forwarded").count() == 1


def test_extension_granted_moves_the_answer_deadline(accepted, department_staff, supervisor):
    before = accepted.answer_due_at
    request = accepted.request_extension(days=5, reason="需要现场勘查", by=department_staff)
    with pytest.raises(TransitionNotAllowed):
        accepted.request_extension(days=2, reason="again", by=department_staff)
    accepted.decide_extension(request, grant=True, by=supervisor)
    accepted.refresh_from_db()
    assert accepted.answer_due_at > before and accepted.extension_days == 5
    with pytest.raises(TransitionNotAllowed):
        accepted.decide_extension(request, grant=False, by=supervisor)


def test_refused_extension_keeps_the_deadline(accepted, department_staff, supervisor):
    before = accepted.answer_due_at
    request = accepted.request_extension(days=5, reason="需要现场勘查", by=department_staff)
    accepted.decide_extension(request, grant=False, by=supervisor, note="时限内可完成")
    accepted.refresh_from_db()
    assert accepted.answer_due_at == before
    assert accepted.events.last().action == "extension_refused"
