"""Working-day deadlines: weekends and holidays skipped, per type and per department (Asia/Shanghai)."""

import datetime

import pytest
from django.utils import timezone

from engagement.demands import deadlines
from engagement.demands.models import Demand, DepartmentDeadlines, Holiday

pytestmark = pytest.mark.django_db


def local(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm), timezone.get_current_timezone())


def test_two_working_days_from_a_friday_end_on_tuesday_night():
    friday = local(2026, 11, 20, 16)
    assert deadlines.add_working_days(friday, 2) == local(2026, 11, 25, 0)  # end of Tue 24th


def test_a_saturday_event_counts_from_monday():
    assert deadlines.add_working_days(local(2026, 11, 21), 1) == local(2026, 11, 24, 0)


def test_holidays_are_skipped_like_weekends():
    # National Day week 2026: 1–7 October (Thu–Wed) are holidays.
    for day in range(1, 8):
        Holiday.objects.create(date=datetime.date(2026, 10, day), name="国庆节")
    sept30 = local(2026, 9, 30, 9)
    assert deadlines.add_working_days(sept30, 2) == local(2026, 10, 10, 0)  # Thu 8, Fri 9


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


def test_accept_deadline_skips_a_holiday_monday(demand, department, moderator, monkeypatch):
    Holiday.objects.create(date=datetime.date(2026, 11, 23), name="测试假日")
    monkeypatch.setattr(timezone, "now", lambda: local(2026, 11, 20, 15))  # Friday
    demand.forward(to=department, by=moderator)
    assert demand.accept_due_at == local(2026, 11, 26, 0)  # Tue 24, Wed 25


def test_working_days_between_for_statistics():
    assert deadlines.working_days_between(local(2026, 11, 20), local(2026, 11, 24)) == 2
