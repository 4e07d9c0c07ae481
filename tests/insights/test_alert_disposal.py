"""预警 → 处置: a supervisor or moderator assigns an alert to a department with a deadline; its staff
dispose of it with a note. Refused input changes nothing; every step is audited and counted on /transparency/."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from engagement.insights.alerts import AlertRefused, assign, dispose
from engagement.insights.models import Alert
from engagement.insights.transparency import compute
from engagement.notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _alert(label="路灯", **kwargs):
    day = TODAY()
    return Alert.objects.create(kind=Alert.Kind.TERM, key=f"term:{label}", label=label, search_query=label,
                                first_day=day, day=day, observed=12, baseline_mean=1.5, threshold=6,
                                p_value=0.0001, **kwargs)


def _desk(client, user):
    client.force_login(user)
    return client.get(reverse("insights_admin:alerts"))


def _assign_url(alert):
    return reverse("insights_admin:assign_alert", args=[alert.pk])


def _dispose_url(alert):
    return reverse("insights_admin:dispose_alert", args=[alert.pk])


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_supervisor_assigns_an_alert_and_the_department_is_told(client, supervisor, department, department_staff):
    alert = _alert()
    client.force_login(supervisor)
    due = TODAY() + datetime.timedelta(days=3)
    response = client.post(_assign_url(alert), {"department": department.pk, "due_on": due.isoformat()}, follow=True)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ASSIGNED and alert.department == department and alert.due_on == due
    assert alert.assigned_by == supervisor
    assert any(department.name in m for m in _messages(response))
    told = Notification.objects.get(kind="insights_alert_assigned")
    assert told.recipient == department_staff.email and "路灯" in told.subject
    assert ModelLogEntry.objects.filter(action="gongzhi.alerts.assign", object_id=str(alert.pk),
                                        user=supervisor).exists()


def test_a_moderator_may_assign_too(client, moderator, department):
    alert = _alert()
    client.force_login(moderator)
    client.post(_assign_url(alert), {"department": department.pk, "due_on": TODAY().isoformat()})
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ASSIGNED


@pytest.mark.parametrize("posted, message", [
    ({"due_on": "2099-01-01"}, "请选择处置该预警的部门"),
    ({"department": "999999", "due_on": "2099-01-01"}, "请选择处置该预警的部门"),
    ({"department": "DEPT", "due_on": ""}, "请填写预警的处置期限"),
    ({"department": "DEPT", "due_on": "2099-13-40"}, "YYYY-MM-DD"),
    ({"department": "DEPT", "due_on": "2000-01-01"}, "已过"),
])
def test_a_bad_assignment_is_refused_with_a_message_and_changes_nothing(client, supervisor, department, posted,
                                                                        message):
    alert = _alert()
    client.force_login(supervisor)
    if posted.get("department") == "DEPT":
        posted = {**posted, "department": department.pk}
    response = client.post(_assign_url(alert), posted, follow=True)
    assert response.status_code == 200 and any(message in m for m in _messages(response))
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and alert.department is None and alert.due_on is None
    assert not ModelLogEntry.objects.filter(action="gongzhi.alerts.assign").exists()


def test_department_staff_cannot_assign(client, department_staff, department):
    alert = _alert(department=department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    client.force_login(department_staff)
    other_day = TODAY() + datetime.timedelta(days=5)
    response = client.post(_assign_url(alert), {"department": department.pk, "due_on": other_day.isoformat()})
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "no permission"
    assert Alert.objects.get(pk=alert.pk).due_on == TODAY()


def test_department_staff_see_only_their_own_departments_alerts(client, department, other_department,
                                                               department_staff):
    _alert("路灯", department=department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    _alert("噪音", department=other_department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    _alert("积水")
    html = _desk(client, department_staff).content.decode()
    assert "路灯" in html and "噪音" not in html and "积水" not in html


def test_a_resident_or_editor_has_no_desk(client, resident, editor):
    assert "/login/" in _desk(client, resident)["Location"]
    response = _desk(client, editor)
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_the_department_disposes_of_its_alert_on_time(client, department, department_staff):
    alert = _alert(department=department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    client.force_login(department_staff)
    response = client.post(_dispose_url(alert), {"note": "已组织维修更换路灯 12 盏"}, follow=True)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.DISPOSED and alert.disposed_by == department_staff
    assert alert.disposed_on_time is True and alert.disposal_note == "已组织维修更换路灯 12 盏"
    assert "已组织维修更换路灯 12 盏" in response.content.decode()
    assert ModelLogEntry.objects.filter(action="gongzhi.alerts.dispose", object_id=str(alert.pk)).exists()


def test_another_departments_staff_cannot_dispose(client, department, other_department_staff):
    alert = _alert(department=department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    client.force_login(other_department_staff)
    assert client.post(_dispose_url(alert), {"note": "不是我们的"}).status_code == 404
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ASSIGNED


def test_a_supervisor_assigns_but_does_not_dispose(client, department, supervisor):
    alert = _alert(department=department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    client.force_login(supervisor)
    response = client.post(_dispose_url(alert), {"note": "代为处置"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Alert.objects.get(pk=alert.pk).status == Alert.Status.ASSIGNED


def test_closing_without_a_note_or_twice_is_refused(client, department, department_staff):
    alert = _alert(department=department, status=Alert.Status.ASSIGNED, due_on=TODAY())
    client.force_login(department_staff)
    response = client.post(_dispose_url(alert), {"note": "   "}, follow=True)
    assert any("请先填写处置情况" in m for m in _messages(response))
    alert.refresh_from_db()
    assert alert.status == Alert.Status.ASSIGNED and alert.disposed_at is None

    client.post(_dispose_url(alert), {"note": "已处置"})
    first = Alert.objects.get(pk=alert.pk)
    response = client.post(_dispose_url(alert), {"note": "再次处置"}, follow=True)
    assert any("已于" in m and "处置完毕" in m for m in _messages(response))
    again = Alert.objects.get(pk=alert.pk)
    assert again.disposal_note == "已处置" and again.disposed_at == first.disposed_at
    assert ModelLogEntry.objects.filter(action="gongzhi.alerts.dispose").count() == 1


def test_a_disposed_alert_cannot_be_reassigned(supervisor, department, other_department, department_staff):
    alert = assign(_alert(), department=department, due_on=TODAY(), by=supervisor)
    dispose(alert, note="已处置", by=department_staff)
    with pytest.raises(AlertRefused):
        assign(alert, department=other_department, due_on=TODAY(), by=supervisor)
    assert Alert.objects.get(pk=alert.pk).department == department


def test_an_unassigned_alert_cannot_be_disposed(department_staff):
    with pytest.raises(AlertRefused):
        dispose(_alert(), note="已处置", by=department_staff)


def test_the_english_admin_speaks_english(client, supervisor, department):
    alert = _alert()
    client.force_login(supervisor)
    profile = UserProfile.get_for_user(supervisor)
    profile.preferred_language = "en"
    profile.save()
    response = client.post(_assign_url(alert), {"due_on": "2099-01-01"}, follow=True)
    assert any("Choose the department that handles this alert." in m for m in _messages(response))


def test_transparency_counts_alerts_raised_assigned_disposed_and_on_time(client, supervisor, department,
                                                                          department_staff):
    on_time = assign(_alert("路灯"), department=department, due_on=TODAY(), by=supervisor)
    dispose(on_time, note="已修复", by=department_staff)
    late = assign(_alert("噪音"), department=department, due_on=TODAY(), by=supervisor)
    Alert.objects.filter(pk=late.pk).update(due_on=TODAY() - datetime.timedelta(days=1))
    dispose(late, note="已整改", by=department_staff)
    assign(_alert("积水"), department=department, due_on=TODAY(), by=supervisor)
    _alert("垃圾")
    table = next(t for t in compute() if t["key"] == "alerts")
    month = f"{TODAY():%Y-%m}"
    assert next(r for r in table["rows"] if r[0] == month) == [month, 4, 3, 2, 1]
    html = client.get("/transparency/").content.decode()
    assert 'id="alerts"' in html and "预警及其处置情况" in html


def test_the_dashboard_shows_an_assigned_alert_with_its_department_and_links_the_desk(client, supervisor,
                                                                                    department):
    assign(_alert(), department=department, due_on=TODAY(), by=supervisor)
    client.force_login(supervisor)
    html = client.get(reverse("insights_admin:dashboard")).content.decode()
    assert "已交办部门 · " + department.name in html and "None" not in html
    assert f'href="{reverse("insights_admin:alerts")}"' in html
