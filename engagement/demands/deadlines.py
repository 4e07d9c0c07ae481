"""Deadlines in working days (工作日): weekends and the Holiday list are skipped.

Rules (DESIGN.md + issue 6), in the site's time zone:
- The day of the event (forwarding, accepting, reopening) does not count; counting starts the next
  working day and the deadline is the END of the Nth working day (i.e. local midnight after it).
- Accept within `accept_days` (default 2).
- Answer within, first match wins: the department's own value for the demand's type →
  the site-wide value for the type (settings.GONGZHI_DEMAND_ANSWER_DAYS_BY_KIND, default
  enquiry 3, help 3, complaint 13, suggestion 13, as 12345 hotlines use) → the department's
  `answer_days` (DESIGN.md's default 10; applies when no type-specific value is configured).
- Granted extensions add working days to the answer deadline of the current round.
- Make-up working days on weekends (调休) are not modelled: enter fewer holidays if needed.

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


def holidays_between(start, end):
    from .models import Holiday

    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day, holidays):
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days, holidays=None):
    """The deadline `days` working days after the moment `start` (an aware datetime).

    Returns the aware datetime at local midnight after the last working day counted.
    """
    local_day = timezone.localtime(start).date()
    if holidays is None:
        holidays = holidays_between(local_day, local_day + datetime.timedelta(days=days * 3 + 60))
    day, counted = local_day, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            counted += 1
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(end, timezone.get_current_timezone())


def working_days_between(start, end, holidays=None):
    """Working days from the day after `start` up to and including the day of `end` (for statistics)."""
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    if last <= first:
        return 0
    if holidays is None:
        holidays = holidays_between(first, last)
    return sum(
        1 for n in range(1, (last - first).days + 1) if is_working_day(first + datetime.timedelta(days=n), holidays)
    )


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


def accept_deadline(department, start):
    return add_working_days(start, accept_days_for(department))


def answer_deadline(department, kind, start, extension_days=0):
    return add_working_days(start, answer_days_for(department, kind) + (extension_days or 0))
