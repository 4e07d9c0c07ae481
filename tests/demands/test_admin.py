"""The admin side: triage, workspace, extensions, export — and nobody reaching what is not theirs."""

import csv
import io

import pytest
from django.urls import reverse

from engagement.demands.models import Demand, DemandEvent
from tests.factories import UserFactory

from .factories import CONTACT, make_demand

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"demands_admin:{name}", args=args)


def outcome(response):
    return response.status_code, response.get("Location")


def refused(role="staff", path=None):
    """The outcome of a refused request: staff go to the admin home, a resident (no admin access) to log in."""
    if role == "resident":
        return 302, f"{reverse('account_login')}?next={path}"
    return 302, reverse("wagtailadmin_home")


def test_moderator_may_order_the_triage_inbox_by_supporters(client, moderator, topic, demand):
    popular = make_demand(topic, title="最多人附议的诉求")
    for n in range(3):
        popular.supports.create(user=UserFactory())
    client.force_login(moderator)
    html = client.get(url("triage")).content.decode()
    assert html.index(demand.title) < html.index("最多人附议的诉求")  # by default the longest waiting first
    html = client.get(url("triage") + "?sort=support").content.decode()
    assert html.index("最多人附议的诉求") < html.index(demand.title)
    assert "城市管理局" in html  # suggested department from the topic


def test_moderator_forwards_from_the_admin(client, moderator, demand, department):
    client.force_login(moderator)
    response = client.post(url("triage_action", demand.pk, "forward"), {"department": department.pk})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.status == "forwarded" and demand.department == department


def test_second_moderator_is_told_already_handled(client, moderator, forwarded, department):
    client.force_login(moderator)
    response = client.post(url("triage_action", forwarded.pk, "forward"), {"department": department.pk},
                           follow=True)
    assert "Already handled" in response.content.decode() or "已被处理" in response.content.decode()
    assert DemandEvent.objects.filter(demand=forwarded, action="forwarded").count() == 1


def test_reject_without_reason_writes_nothing(client, moderator, demand):
    client.force_login(moderator)
    client.post(url("triage_action", demand.pk, "reject"), {"reason": ""})
    assert Demand.objects.get(pk=demand.pk).status == "submitted"


def test_merge_by_tracking_number(client, moderator, demand, topic):
    keep = make_demand(topic)
    client.force_login(moderator)
    client.post(url("triage_action", demand.pk, "merge"), {"into": keep.tracking_number.lower()})
    assert Demand.objects.get(pk=demand.pk).merged_into == keep


@pytest.mark.parametrize("role", ["resident", "editor", "chief_editor", "department_staff", "supervisor"])
def test_only_moderators_reach_triage(client, request, role, demand, department):
    client.force_login(request.getfixturevalue(role))
    assert outcome(client.get(url("triage"))) == refused(role, url("triage"))
    forward = url("triage_action", demand.pk, "forward")
    assert outcome(client.post(forward, {"department": department.pk})) == refused(role, forward)
    assert Demand.objects.get(pk=demand.pk).status == "submitted"


def test_department_staff_work_their_own_demand(client, department_staff, forwarded):
    client.force_login(department_staff)
    inbox = client.get(url("workspace")).content.decode()
    assert forwarded.tracking_number in inbox
    client.post(url("workspace_action", forwarded.pk, "accept"))
    client.post(url("workspace_action", forwarded.pk, "answer"), {"text": "已处理完毕。"})
    forwarded.refresh_from_db()
    assert forwarded.status == "answered" and forwarded.answers.get().text == "已处理完毕。"


def test_department_staff_cannot_open_another_departments_demand(client, other_department_staff, forwarded):
    client.force_login(other_department_staff)
    assert forwarded.tracking_number not in client.get(url("workspace")).content.decode()
    assert client.get(url("workspace_detail", forwarded.pk)).status_code == 404
    assert client.get(url("workspace_detail", forwarded.pk) + "?contact=1").status_code == 404
    for action in ("accept", "return", "answer", "extend"):
        assert client.post(url("workspace_action", forwarded.pk, action),
                           {"text": "x", "reason": "x", "days": 2}).status_code == 404
    assert Demand.objects.get(pk=forwarded.pk).status == "forwarded"
    assert not DemandEvent.objects.filter(demand=forwarded, action="contact_viewed").exists()


def test_supervisor_cannot_act_as_a_department(client, supervisor, forwarded):
    client.force_login(supervisor)
    assert client.get(url("workspace_detail", forwarded.pk)).status_code == 200
    assert outcome(client.post(url("workspace_action", forwarded.pk, "accept"))) == refused()
    assert Demand.objects.get(pk=forwarded.pk).status == "forwarded"


def test_contact_details_are_shown_on_request_and_each_view_is_audited(client, supervisor, forwarded):
    client.force_login(supervisor)
    page = client.get(url("workspace_detail", forwarded.pk)).content.decode()
    assert CONTACT["phone"] not in page
    for _ in range(2):
        assert CONTACT["phone"] in client.get(url("workspace_detail", forwarded.pk) + "?contact=1").content.decode()
    assert DemandEvent.objects.filter(demand=forwarded, action="contact_viewed", actor=supervisor).count() == 2


def test_moderator_sees_contact_only_while_in_triage(client, moderator, demand, forwarded):
    client.force_login(moderator)
    assert CONTACT["phone"] not in client.get(url("triage_detail", forwarded.pk) + "?contact=1").content.decode()


def test_overdue_tab_flags_late_demands(client, department_staff, forwarded):
    Demand.objects.filter(pk=forwarded.pk).update(accept_due_at=forwarded.forwarded_at)
    client.force_login(department_staff)
    html = client.get(url("workspace") + "?tab=overdue").content.decode()
    assert forwarded.tracking_number in html and "data-overdue" in html


def test_extension_request_and_grant_through_the_admin(client, department_staff, supervisor, accepted):
    before = accepted.answer_due_at
    client.force_login(department_staff)
    client.post(url("workspace_action", accepted.pk, "extend"), {"days": 3, "reason": "需协调多部门"})
    request = accepted.extension_requests.get()
    client.post(url("decide_extension", request.pk), {"decision": "grant"})
    assert accepted.extension_requests.get().status == "pending"  # staff cannot decide
    client.force_login(supervisor)
    client.post(url("decide_extension", request.pk), {"decision": "grant"})
    accepted.refresh_from_db()
    assert accepted.extension_requests.get().status == "granted" and accepted.answer_due_at > before


def test_export_has_timings_and_contact_only_when_asked_and_audited(client, supervisor, answered):
    client.force_login(supervisor)
    plain = client.get(url("export") + "?download=1").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(plain)))
    assert rows[0]["tracking_number"] == answered.tracking_number and rows[0]["first_answered_at"]
    assert CONTACT["phone"] not in plain
    assert not DemandEvent.objects.filter(action="contact_exported").exists()
    full = client.get(url("export") + "?download=1&include_contact=on").content.decode("utf-8-sig")
    assert CONTACT["phone"] in full
    assert DemandEvent.objects.filter(action="contact_exported", actor=supervisor, demand=answered).count() == 1


@pytest.mark.parametrize("role", ["moderator", "department_staff", "editor"])
def test_only_supervisors_export(client, request, role, answered):
    client.force_login(request.getfixturevalue(role))
    assert outcome(client.get(url("export") + "?download=1")) == refused()


def test_staff_entry_records_the_channel(client, moderator, topic, grid):
    client.force_login(moderator)
    response = client.post(url("new"), {
        "channel": "phone", "topic": topic.pk, "area": grid.pk, "kind": "help", "title": "独居老人求助",
        "description": "电话来电：楼道灯坏了。", "is_public": "0", "contact_name": "李阿姨",
        "contact_phone": "13800001111"})
    assert response.status_code == 302
    demand = Demand.objects.get(title="独居老人求助")
    assert (demand.channel, demand.is_public, demand.contact.phone) == ("phone", False, "13800001111")
