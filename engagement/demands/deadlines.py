"""Deadlines in working days (工作日), as the government publishes them.

A day is a working day when it is Monday to Friday, unless the calendar (CalendarDay) says otherwise:
holidays on weekdays are skipped, make-up working days (调休) on weekends count.

Rules (DESIGN.md + issue 6), in the site's time zone:
- The day of the event (forwarding, accepting, reopening) does not count; counting starts the next
  working day and the deadline is the close of office on the Nth working day
  (settings.GONGZHI_DEADLINE_HOUR, default 18:00), never midnight at the start of a weekend.
- Accept within `accept_days` (default 2).
- Answer within, first match wins: the department's own value for the demand's type →
  the site-wide value for the type (settings.GONGZHI_DEMAND_ANSWER_DAYS_BY_KIND, default
  enquiry 3, help 3, complaint 13, suggestion 13, as 12345 hotlines use) → the department's
  `answer_days` (DESIGN.md's default 10; applies when no type-specific value is configured).
- Granted extensions add working days to the answer deadline of the current round.

Overdue is never stored: see DemandQuerySet.overdue() and Demand.is_overdue().
"""

import datetime

from django.conf import settings
from django.utils import timezone

DEFAULT_ACCEPT_DAYS = 2
DEFAULT_ANSWER_DAYS = 10
DEFAULT_ANSWER_DAYS_BY_KIND = {"enquiry": 3, "help": 3, "complaint": 13, "suggestion": 13}
AUTO_CLOSE_DAYS = 7  # calendar days an answer waits for a rating before closing by itself


def answer_days_by_kind():
    return getattr(settings, "GONGZHI_DEMAND_ANSWER_DAYS_BY_KIND", DEFAULT_ANSWER_DAYS_BY_KIND)


DEFAULT_DEADLINE_HOUR = 18


def deadline_hour():
    return getattr(settings, "GONGZHI_DEADLINE_HOUR", DEFAULT_DEADLINE_HOUR)


def calendar_between(start, end):
    """The calendar's exceptions from ``start`` to ``end`` (dates, inclusive): {date: is_working_day}."""
    from .models import CalendarDay

    return dict(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "is_working_day"))


def is_working_day(day, calendar):
    """``calendar`` is what calendar_between() returns for a span that contains ``day``."""
    if day in calendar:
        return calendar[day]
    return day.weekday() < 5


def last_working_day(start, days, calendar=None):
    """The date of the ``days``-th working day after the day of the moment ``start`` (an aware datetime)."""
    local_day = timezone.localtime(start).date()
    if calendar is None:
        calendar = calendar_between(local_day, local_day + datetime.timedelta(days=days * 3 + 60))
    day, counted = local_day, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, calendar):
            counted += 1
    return day


def close_of(day):
    """The deadline moment of a working day: the close of office in the site's time zone."""
    end = datetime.datetime.combine(day, datetime.time(deadline_hour()))
    return timezone.make_aware(end, timezone.get_current_timezone())


def add_working_days(start, days, calendar=None):
    """The deadline ``days`` working days after the moment ``start``: close of office on the last one."""
    return close_of(last_working_day(start, days, calendar))


def working_days_between(start, end, calendar=None):
    """Working days from the day after ``start`` up to and including the day of ``end`` (for statistics)."""
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    if last <= first:
        return 0
    if calendar is None:
        calendar = calendar_between(first, last)
    return sum(
        1 for n in range(1, (last - first).days + 1) if is_working_day(first + datetime.timedelta(days=n), calendar)
    )


def working_day_counter(first, last, calendar=None):
    """For many spans at once (statistics): a function ``count(start, end)`` equal to
    working_days_between(start, end) for moments whose local days lie in ``[first, last]`` (dates)."""
    if calendar is None:
        calendar = calendar_between(first, last)
    running, total, day = {}, 0, first
    while day <= last:
        total += is_working_day(day, calendar)
        running[day] = total
        day += datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()

    def count(start, end):
        a, b = start.astimezone(tz).date(), end.astimezone(tz).date()
        return running[b] - running[a] if b > a else 0

    return count


def deadlines_for(department):
    """The DepartmentDeadlines row of a department, or an unsaved one with the defaults."""
    from .models import DepartmentDeadlines

    if department is None:
        return DepartmentDeadlines()
    row = DepartmentDeadlines.objects.filter(department=department).first()
    return row or DepartmentDeadlines(department=department)


def accept_days_for(department):
    return deadlines_for(department).accept_days


def answer_days_for(department, kind):
    row = deadlines_for(department)
    own = getattr(row, f"{kind}_days", None) if kind else None
    if own:
        return own
    site_wide = answer_days_by_kind().get(kind)
    return site_wide if site_wide else row.answer_days


def accept_deadline(department, start, calendar=None):
    """``calendar`` (optional) as in last_working_day(): calendar.py passes a proposed one to try an edit."""
    return add_working_days(start, accept_days_for(department), calendar)


def answer_deadline(department, kind, start, extension_days=0, calendar=None):
    return add_working_days(start, answer_days_for(department, kind) + (extension_days or 0), calendar)


def working_days_left_counter(now, dues):
    """For a list of rows at once: a function ``left(due)`` giving the working days from ``now`` to the
    deadline ``due`` — 0 when it falls today, 1 on the next working day, and negative when it has passed
    (-1: passed on the last working day before today). One calendar query for all ``dues``."""
    dues = [d for d in dues if d is not None]
    tz = timezone.get_current_timezone()
    days = [now.astimezone(tz).date()] + [d.astimezone(tz).date() for d in dues]
    count = working_day_counter(min(days), max(days))

    def left(due):
        if due is None:
            return None
        return count(now, due) if due >= now else -count(due, now)

    return left
