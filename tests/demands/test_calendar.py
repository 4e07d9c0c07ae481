"""The working-day calendar as the government publishes it: `load_calendar`, and supervisors' edits,
which move the deadlines of open demands (audited) but never put one still ahead in the past."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from engagement.demands import deadlines
from engagement.demands.models import CalendarDay, DemandEvent

from .factories import make_demand

pytestmark = pytest.mark.django_db


def local(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm), timezone.get_current_timezone())


def load(year):
    out = io.StringIO()
    call_command("load_calendar", str(year), stdout=out)
    return out.getvalue()


@pytest.fixture
def clock(monkeypatch):
    """Set the time everything (transitions, the calendar's checks) sees."""

    def set_to(when):
        monkeypatch.setattr(timezone, "now", lambda: when)
        return when

    return set_to


# --- load_calendar --------------------------------------------------------------------------------------

def test_saturday_10_october_2026_is_a_make_up_working_day_that_counts():
    load(2026)
    day = CalendarDay.objects.get(date=datetime.date(2026, 10, 10))
    assert day.is_working_day and day.name == "国庆节调休"
    friday = local(2026, 10, 9, 10)
    assert deadlines.add_working_days(friday, 1) == local(2026, 10, 10, 18)


def test_national_day_holidays_are_skipped():
    load(2026)
    assert CalendarDay.objects.get(date=datetime.date(2026, 10, 1)).name == "国庆节"
    sept30 = local(2026, 9, 30, 9)
    # 1–7 October off; Thu 8 and Fri 9 are the first two working days.
    assert deadlines.add_working_days(sept30, 2) == local(2026, 10, 9, 18)


def test_only_the_exceptions_are_stored_with_the_names_people_use():
    load(2026)
    days = dict(CalendarDay.objects.values_list("date", "name"))
    assert datetime.date(2026, 10, 3) not in days  # a Saturday off anyway
    assert days[datetime.date(2026, 2, 23)] == "春节"  # Monday, the ninth day of the 2026 Spring Festival
    assert days[datetime.date(2026, 4, 6)] == "清明节"
    assert days[datetime.date(2026, 6, 19)] == "端午节"
    assert days[datetime.date(2026, 9, 25)] == "中秋节"
    assert days[datetime.date(2026, 5, 5)] == "劳动节"
    assert days[datetime.date(2026, 1, 2)] == "元旦"
    assert days[datetime.date(2026, 1, 4)] == "元旦调休"  # Sunday worked
    assert CalendarDay.objects.filter(is_working_day=True).count() == 6


def test_loading_twice_changes_nothing_and_keeps_a_supervisors_own_day():
    load(2026)
    CalendarDay.objects.create(date=datetime.date(2026, 12, 31), name="本市特别假日")
    before = set(CalendarDay.objects.values_list("date", "is_working_day", "name"))
    load(2026)
    assert set(CalendarDay.objects.values_list("date", "is_working_day", "name")) == before


def test_a_year_the_package_does_not_know_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError) as refused:
        load(2031)
    assert "2031" in str(refused.value) and "尚未公布" in str(refused.value)
    assert not CalendarDay.objects.exists()


def test_loading_recomputes_an_open_deadline_once(topic, department, moderator, clock):
    clock(local(2026, 9, 30, 9))
    demand = make_demand(topic).forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 10, 2, 18)  # before the calendar is known
    assert "重算 1 件在办诉求的期限" in load(2026)
    demand.refresh_from_db()
    assert demand.accept_due_at == local(2026, 10, 9, 18)
    event = demand.events.get(action=DemandEvent.Action.DEADLINE_RECOMPUTED)
    assert "2026-10-02 18:00 → 2026-10-09 18:00" in event.note


# --- supervisors edit the calendar in the admin ----------------------------------------------------------

ADD = reverse("wagtailsnippets_demands_calendarday:add")


def edit_url(day):
    return reverse("wagtailsnippets_demands_calendarday:edit", args=[day.pk])


def delete_url(day):
    return reverse("wagtailsnippets_demands_calendarday:delete", args=[day.pk])


def test_a_new_holiday_moves_open_deadlines_and_is_audited(client, supervisor, topic, department, moderator,
                                                             department_staff, clock):
    clock(local(2026, 12, 2, 10))  # Wednesday
    forwarded = make_demand(topic).forward(to=department, by=moderator)
    accepted = make_demand(topic, kind="enquiry").forward(to=department, by=moderator).accept(by=department_staff)
    assert forwarded.accept_due_at == local(2026, 12, 4, 18)  # Thu 3, Fri 4
    assert accepted.answer_due_at == local(2026, 12, 7, 18)  # Thu 3, Fri 4, Mon 7

    client.force_login(supervisor)
    response = client.post(ADD, {"date": "2026-12-04", "name": "本市特别假日"})
    assert response.status_code == 302

    forwarded.refresh_from_db()
    accepted.refresh_from_db()
    assert forwarded.accept_due_at == local(2026, 12, 7, 18)
    assert accepted.answer_due_at == local(2026, 12, 8, 18)
    event = forwarded.events.get(action=DemandEvent.Action.DEADLINE_RECOMPUTED)
    assert event.actor == supervisor and event.to_status == "forwarded"
    assert "2026-12-04 18:00 → 2026-12-07 18:00" in event.note and "本市特别假日" in event.note
    assert accepted.events.filter(action=DemandEvent.Action.DEADLINE_RECOMPUTED).count() == 1


def test_closed_demands_keep_their_deadlines(client, supervisor, topic, department, moderator, department_staff,
                                             clock):
    clock(local(2026, 12, 2, 10))
    answered = (make_demand(topic).forward(to=department, by=moderator).accept(by=department_staff)
                .answer(text="已处理。", by=department_staff))
    due = answered.answer_due_at
    client.force_login(supervisor)
    client.post(ADD, {"date": "2026-12-04", "name": "本市特别假日"})
    answered.refresh_from_db()
    assert answered.answer_due_at == due
    assert not answered.events.filter(action=DemandEvent.Action.DEADLINE_RECOMPUTED).exists()


def refused(response):
    html = response.content.decode()
    return "逾期" in html and "未作任何更改" in html


def test_a_make_up_day_that_would_make_a_demand_overdue_at_once_is_refused(
        client, supervisor, topic, department, moderator, clock):
    clock(local(2026, 11, 27, 10))  # Friday
    demand = make_demand(topic).forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 12, 1, 18)  # Mon 30, Tue 1
    clock(local(2026, 12, 1, 10))  # Tuesday morning: still ahead

    client.force_login(supervisor)
    # Saturday 28 November worked: the deadline would be Monday 30 November, already past.
    response = client.post(ADD, {"date": "2026-11-28", "is_working_day": "on", "name": "调休"})

    assert response.status_code == 200 and refused(response)
    assert demand.tracking_number in response.content.decode()
    assert not CalendarDay.objects.exists()
    demand.refresh_from_db()
    assert demand.accept_due_at == local(2026, 12, 1, 18)
    assert not DemandEvent.objects.filter(action=DemandEvent.Action.DEADLINE_RECOMPUTED).exists()


@pytest.fixture
def holiday_monday_and_a_demand_due_on_wednesday(topic, department, moderator, clock):
    holiday = CalendarDay.objects.create(date=datetime.date(2026, 11, 30), name="本市特别假日")
    clock(local(2026, 11, 27, 10))  # Friday
    demand = make_demand(topic).forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 12, 2, 18)  # Tue 1, Wed 2
    clock(local(2026, 12, 2, 10))  # Wednesday morning: still ahead
    return holiday, demand


def test_moving_a_holiday_that_would_make_a_demand_overdue_at_once_is_refused(
        client, supervisor, holiday_monday_and_a_demand_due_on_wednesday):
    holiday, demand = holiday_monday_and_a_demand_due_on_wednesday
    client.force_login(supervisor)
    response = client.post(edit_url(holiday), {"date": "2026-12-07", "name": "本市特别假日"})

    assert response.status_code == 200 and refused(response)
    holiday.refresh_from_db()
    assert holiday.date == datetime.date(2026, 11, 30)
    demand.refresh_from_db()
    assert demand.accept_due_at == local(2026, 12, 2, 18)


def test_deleting_a_holiday_that_would_make_a_demand_overdue_at_once_is_refused(
        client, supervisor, holiday_monday_and_a_demand_due_on_wednesday):
    holiday, demand = holiday_monday_and_a_demand_due_on_wednesday
    client.force_login(supervisor)
    response = client.post(delete_url(holiday), follow=True)

    assert refused(response)
    assert CalendarDay.objects.filter(pk=holiday.pk).exists()
    demand.refresh_from_db()
    assert demand.accept_due_at == local(2026, 12, 2, 18)
    assert not DemandEvent.objects.filter(action=DemandEvent.Action.DEADLINE_RECOMPUTED).exists()


def test_deleting_a_holiday_once_the_deadline_is_far_enough_is_allowed_and_audited(
        client, supervisor, topic, department, moderator, clock):
    holiday = CalendarDay.objects.create(date=datetime.date(2026, 12, 7), name="本市特别假日")
    clock(local(2026, 12, 3, 10))  # Thursday
    demand = make_demand(topic).forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 12, 8, 18)  # Fri 4, Tue 8
    client.force_login(supervisor)
    client.post(delete_url(holiday))

    assert not CalendarDay.objects.exists()
    demand.refresh_from_db()
    assert demand.accept_due_at == local(2026, 12, 7, 18)
    assert demand.events.get(action=DemandEvent.Action.DEADLINE_RECOMPUTED).actor == supervisor


def test_the_calendar_list_shows_no_bulk_delete(client, supervisor):
    CalendarDay.objects.create(date=datetime.date(2026, 12, 7), name="本市特别假日")
    client.force_login(supervisor)
    response = client.get(reverse("wagtailsnippets_demands_calendarday:list"))
    assert response.status_code == 200 and "本市特别假日" in response.content.decode()
    assert 'data-bulk-action-checkbox' not in response.content.decode()

