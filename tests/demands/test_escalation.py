"""Supervision that escalates (督办): 催办 at the deadline, 督办 after N working days, 通报 after M."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from engagement.demands.deadlines import add_working_days
from engagement.demands.escalation import escalate
from engagement.demands.models import CalendarDay, DemandEvent, EscalationStep
from engagement.notifications.models import Notification
from engagement.notifications.outbox import retry_due

from .factories import make_demand

pytestmark = pytest.mark.django_db


def _days_after(due, n):
    """The close of office on the n-th working day after the deadline's day: n working days overdue."""
    return add_working_days(due, n)


def _steps(demand):
    return list(demand.escalations.order_by("created_at", "pk").values_list("step", flat=True))


def _month(row):
    return f"{timezone.localtime(row.created_at):%Y-%m}"


def test_the_department_is_reminded_when_the_deadline_passes(forwarded, department_staff):
    counts = escalate(now=forwarded.accept_due_at + datetime.timedelta(hours=1))
    assert counts == {"reminded": 1, "supervised": 0, "listed": 0}
    event = forwarded.events.get(action="reminded")
    assert event.department == forwarded.department and event.actor is None
    reminder = Notification.objects.get(kind="demand_escalation_reminder")
    assert reminder.recipient == department_staff.email and forwarded.tracking_number in reminder.subject


def test_nothing_happens_before_the_deadline(forwarded):
    assert escalate(now=forwarded.accept_due_at - datetime.timedelta(minutes=1))["reminded"] == 0
    assert not EscalationStep.objects.exists()


def test_running_the_daily_job_twice_records_and_sends_each_step_once(forwarded, department_staff):
    later = _days_after(forwarded.accept_due_at, 10)
    first = escalate(now=later)
    again = escalate(now=later + datetime.timedelta(minutes=5))
    assert first == {"reminded": 1, "supervised": 1, "listed": 1}
    assert again == {"reminded": 0, "supervised": 0, "listed": 0}
    assert forwarded.events.filter(action__in=["reminded", "supervised", "listed"]).count() == 3
    assert Notification.objects.filter(kind="demand_escalation_reminder").count() == 1


def test_a_formal_notice_comes_after_three_working_days_and_goes_to_supervisors(forwarded, supervisor,
                                                                                 department_staff):
    due = forwarded.accept_due_at
    escalate(now=_days_after(due, 2))
    assert _steps(forwarded) == ["reminded"]
    escalate(now=_days_after(due, 3))
    assert _steps(forwarded) == ["reminded", "supervised"]
    told = set(Notification.objects.filter(kind="demand_escalation_notice").values_list("recipient", flat=True))
    assert told == {supervisor.email, department_staff.email}
    assert forwarded.events.get(action="supervised").note == "3"


def test_thresholds_come_from_settings(settings, forwarded):
    settings.GONGZHI_ESCALATION_SUPERVISE_DAYS = 1
    settings.GONGZHI_ESCALATION_LIST_DAYS = 2
    escalate(now=_days_after(forwarded.accept_due_at, 2))
    assert _steps(forwarded) == ["reminded", "supervised", "listed"]


def test_a_holiday_is_not_a_day_overdue(forwarded):
    due = forwarded.accept_due_at
    three_later = _days_after(due, 3)
    holiday = timezone.localtime(_days_after(due, 1)).date()
    CalendarDay.objects.create(date=holiday, name="测试假日")
    escalate(now=three_later)
    assert _steps(forwarded) == ["reminded"]  # only two working days overdue


def test_a_late_answer_climbs_again_from_the_reminder(forwarded, department_staff):
    escalate(now=_days_after(forwarded.accept_due_at, 3))
    forwarded.accept(by=department_staff)
    escalate(now=forwarded.answer_due_at + datetime.timedelta(hours=1))
    rows = list(forwarded.escalations.values_list("stage", "step"))
    assert rows == [("accept", "reminded"), ("accept", "supervised"), ("answer", "reminded")]


def test_days_overdue_keep_counting_until_the_demand_is_handled(forwarded, department_staff):
    due = forwarded.accept_due_at
    escalate(now=_days_after(due, 10))
    escalate(now=_days_after(due, 12))
    assert set(forwarded.escalations.values_list("days_overdue", flat=True)) == {12}
    forwarded.accept(by=department_staff)
    escalate(now=_days_after(due, 14))
    assert set(forwarded.escalations.filter(stage="accept").values_list("days_overdue", flat=True)) == {12}


def test_the_monthly_list_shows_department_title_deadline_and_days(client, forwarded, department):
    escalate(now=_days_after(forwarded.accept_due_at, 11))
    row = forwarded.escalations.get(step="listed")
    response = client.get(f"/demands/supervision/{_month(row)}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert department.name in html and forwarded.title in html
    assert f'href="{forwarded.get_absolute_url()}"' in html
    assert 'data-days="11"' in html
    assert timezone.localtime(forwarded.accept_due_at).strftime("%Y-%m-%d %H:%M") in html


def test_a_private_demand_is_never_on_the_list_but_is_counted(client, topic, department, moderator):
    private = make_demand(topic, title="私密的逾期诉求", is_public=False).forward(to=department, by=moderator)
    escalate(now=_days_after(private.accept_due_at, 10))
    row = private.escalations.get(step="listed")
    html = client.get(f"/demands/supervision/{_month(row)}/").content.decode()
    assert "私密的逾期诉求" not in html and private.tracking_number not in html
    assert "1 private demand" in client.get(f"/en/demands/supervision/{_month(row)}/").content.decode()


def test_a_demand_rejected_after_listing_leaves_the_list(client, forwarded, department_staff, moderator):
    escalate(now=_days_after(forwarded.accept_due_at, 10))
    month = _month(forwarded.escalations.get(step="listed"))
    forwarded.return_to_triage(by=department_staff, reason="不属于本部门")
    forwarded.reject(by=moderator, reason="重复")
    assert forwarded.title not in client.get(f"/demands/supervision/{month}/").content.decode()


def test_the_current_month_list_and_english(client):
    assert client.get("/demands/supervision/").status_code == 200
    english = client.get("/en/demands/supervision/").content.decode()
    assert "Overdue demands listed publicly" in english


@pytest.mark.parametrize("month", ["2026-13", "abc", "2026-1", "2026-00", "0000-01", "2026-11x"])
def test_a_bad_month_is_not_found(client, month):
    assert client.get(f"/demands/supervision/{month}/").status_code == 404


def test_the_demand_page_timeline_shows_its_escalation_steps(client, forwarded):
    escalate(now=_days_after(forwarded.accept_due_at, 10))
    html = client.get(forwarded.get_absolute_url()).content.decode()
    assert "催办" in html and "督办" in html and "通报" in html
    assert "/demands/supervision/" in html


def test_transparency_links_to_the_monthly_list(client):
    assert 'href="/demands/supervision/"' in client.get("/transparency/").content.decode()


def test_the_daily_command_prints_the_escalation_counts(capsys):
    call_command("demands_daily")
    out = capsys.readouterr().out
    assert "reminded: 0" in out and "formal notices: 0" in out and "listed: 0" in out


@pytest.mark.django_db(transaction=True)
def test_escalation_emails_survive_a_mail_outage(settings, topic, department, moderator, department_staff):
    demand = make_demand(topic).forward(to=department, by=moderator)
    settings.EMAIL_BACKEND = "tests.mail.BrokenMailBackend"
    escalate(now=demand.accept_due_at + datetime.timedelta(hours=1))
    waiting = Notification.objects.get(kind="demand_escalation_reminder")
    assert waiting.status == Notification.Status.PENDING
    assert DemandEvent.objects.filter(demand=demand, action="reminded").exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    retry_due(now=timezone.now() + datetime.timedelta(hours=1))
    assert [m.to for m in mail.outbox if demand.tracking_number in m.subject] == [[department_staff.email]]


def test_the_monthly_list_needs_the_same_queries_for_more_demands(client, topic, department, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listed(n):
        for _ in range(n):
            demand = make_demand(topic).forward(to=department, by=moderator)
            escalate(now=_days_after(demand.accept_due_at, 10))
        row = EscalationStep.objects.filter(step="listed").latest("created_at")
        url = f"/demands/supervision/{_month(row)}/"
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    assert listed(1) == listed(3)


def test_a_mediation_organisation_holding_the_demand_is_reminded_too(accepted, department_staff, moderator):
    from .mediation import verified_organisation

    account, record = verified_organisation(moderator)
    handed = accepted.hand_over(to=record, by=department_staff, reason="邻里纠纷，交由人民调解")
    escalate(now=handed.answer_due_at + datetime.timedelta(hours=1))
    told = Notification.objects.filter(kind="demand_escalation_reminder")
    assert set(told.values_list("recipient", flat=True)) == {department_staff.email, account.email}
    organisation_copy = told.get(recipient=account.email)
    assert "/demands/handled/" in organisation_copy.body and "/admin/" not in organisation_copy.body
