"""Working-day deadlines: weekends and the calendar's holidays skipped, its make-up working days (调休)
counted, per type and per department; a deadline is the close of office (18:00, Asia/Shanghai)."""

import datetime

import pytest
from django.utils import timezone

from engagement.demands import deadlines
from engagement.demands.models import CalendarDay, Demand, DepartmentDeadlines
from engagement.notifications.models import Notification

pytestmark = pytest.mark.django_db


def local(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm), timezone.get_current_timezone())


def test_two_working_days_from_a_friday_end_at_the_close_of_tuesday():
    friday = local(2026, 11, 20, 16)
    assert deadlines.add_working_days(friday, 2) == local(2026, 11, 24, 18)


def test_a_saturday_event_counts_from_monday():
    assert deadlines.add_working_days(local(2026, 11, 21), 1) == local(2026, 11, 23, 18)


def test_the_day_is_the_local_one():
    # 17:30 UTC on Friday is 01:30 on Saturday in Shanghai: counting starts on Monday.
    friday_evening_utc = datetime.datetime(2026, 11, 20, 17, 30, tzinfo=datetime.UTC)
    assert deadlines.add_working_days(friday_evening_utc, 1) == local(2026, 11, 23, 18)


def test_the_close_of_office_is_configurable(settings):
    settings.GONGZHI_DEADLINE_HOUR = 17
    assert deadlines.add_working_days(local(2026, 11, 20), 2) == local(2026, 11, 24, 17)


def national_day_2026():
    # 1–8 October 2026 off (Thu–Thu); the weekday ones are the calendar's exceptions, and so is
    # Saturday 10 October, a make-up working day (国庆节调休).
    for day in (1, 2, 5, 6, 7):
        CalendarDay.objects.create(date=datetime.date(2026, 10, day), name="国庆节")
    CalendarDay.objects.create(date=datetime.date(2026, 10, 10), is_working_day=True, name="国庆节调休")


def test_holidays_are_skipped_like_weekends():
    national_day_2026()
    sept30 = local(2026, 9, 30, 9)
    assert deadlines.add_working_days(sept30, 2) == local(2026, 10, 9, 18)  # Thu 8, Fri 9


def test_a_make_up_saturday_counts_as_a_working_day():
    national_day_2026()
    sept30 = local(2026, 9, 30, 9)
    assert deadlines.add_working_days(sept30, 3) == local(2026, 10, 10, 18)  # Thu 8, Fri 9, Sat 10
    assert deadlines.add_working_days(sept30, 4) == local(2026, 10, 12, 18)  # then Monday


def test_answer_days_by_type_and_department_overrides(department):
    assert deadlines.answer_days_for(department, "enquiry") == 3
    assert deadlines.answer_days_for(department, "help") == 3
    assert deadlines.answer_days_for(department, "complaint") == 13
    assert deadlines.answer_days_for(department, "suggestion") == 13
    DepartmentDeadlines.objects.create(department=department, accept_days=1, complaint_days=7)
    assert deadlines.answer_days_for(department, "complaint") == 7
    assert deadlines.answer_days_for(department, "enquiry") == 3
    assert deadlines.accept_days_for(department) == 1


def test_the_department_default_of_ten_applies_without_a_type_value(department, settings):
    settings.GONGZHI_DEMAND_ANSWER_DAYS_BY_KIND = {}
    assert deadlines.answer_days_for(department, "complaint") == 10


def test_overdue_is_derived_from_the_deadline_and_now(forwarded):
    assert not forwarded.is_overdue()
    later = forwarded.accept_due_at + datetime.timedelta(minutes=1)
    assert forwarded.is_overdue(now=later)
    assert list(Demand.objects.overdue(now=later)) == [forwarded]
    assert list(Demand.objects.overdue()) == []


def test_the_department_is_told_to_accept_by_friday_evening_not_saturday_midnight(
        demand, department, department_staff, moderator, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 12, 2, 10))  # Wednesday
    demand.forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 12, 4, 18)  # Thu 3, Fri 4
    email = Notification.objects.get(kind="demand_forwarded", recipient=department_staff.email)
    assert "2026-12-04 18:00" in email.body


def test_accept_deadline_skips_a_holiday_monday(demand, department, moderator, monkeypatch):
    CalendarDay.objects.create(date=datetime.date(2026, 11, 23), name="测试假日")
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 11, 20, 15))  # Friday
    demand.forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 11, 25, 18)  # Tue 24, Wed 25


def test_working_days_between_for_statistics():
    assert deadlines.working_days_between(local(2026, 11, 20), local(2026, 11, 24)) == 2
    CalendarDay.objects.create(date=datetime.date(2026, 11, 22), is_working_day=True, name="调休")
    assert deadlines.working_days_between(local(2026, 11, 20), local(2026, 11, 24)) == 3


@pytest.mark.django_db
def test_the_statistics_counter_agrees_with_working_days_between_across_a_holiday_season():
    from engagement.demands.calendar import load_year

    load_year(2026)
    first, last = datetime.date(2026, 9, 20), datetime.date(2026, 10, 20)
    count = deadlines.working_day_counter(first, last)
    days = [first + datetime.timedelta(days=n) for n in range(0, 31, 3)]
    for a in days:
        for b in days:
            start, end = local(a.year, a.month, a.day, 9), local(b.year, b.month, b.day, 17)
            assert count(start, end) == deadlines.working_days_between(start, end), (a, b)
