"""The working-day calendar (工作日历): the State Council's arrangement, and what an edit does to deadlines.

CalendarDay stores only the exceptions to the Monday–Friday week (deadlines.py counts with them):
a holiday on a weekday, or a make-up working day (调休) on a weekend.

- load_year(year) fills a year from the `chinese-calendar` package (its data follows the arrangement
  published each November; 1.11.0 knows 2004–2026). `manage.py load_calendar YEAR` calls it.
- Editing the calendar moves the deadlines of open demands: a forwarded demand's accept deadline
  (counted from forwarded_at), an accepted one's answer deadline (from accepted_at, with its granted
  extension). recompute_open_deadlines() sets them again, each change audited with a
  DemandEvent "deadline_recomputed"; it runs after every CalendarDay save or delete (signals below)
  and once at the end of load_year().
- An edit through the admin that would move a deadline that is still ahead into the past (the demand
  would be overdue at once, through nobody's fault) is refused: CalendarDay.clean() calls
  check_edit(), the calendar's delete view calls removal_refusal().
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import deadlines
from .models import CalendarDay, Demand, DemandEvent, Status

# chinese_calendar names the holidays in English; the calendar shows the names people use.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",  # 2015 only
}
MAKE_UP_SUFFIX = "调休"
MAX_LISTED = 5  # demands named in a refusal message


class UnknownYear(ValueError):
    """The installed chinese-calendar has no arrangement for this year; the message is for people."""

    def __init__(self, year, known):
        self.year, self.known = year, known
        super().__init__(
            _("The official holiday arrangement for %(year)s is not known yet (the installed chinese-calendar "
              "knows %(first)s–%(last)s). Upgrade chinese-calendar once the State Council has published it, "
              "or enter the days by hand in the working-day calendar.")
            % {"year": year, "first": known[0], "last": known[1]}
        )


def known_years():
    import chinese_calendar

    days = chinese_calendar.holidays.keys()
    return min(days).year, max(days).year


def official_days(year):
    """The year's exceptions to the Monday–Friday week: {date: (is_working_day, name)}."""
    import chinese_calendar

    first, last = known_years()
    if not first <= year <= last:
        raise UnknownYear(year, (first, last))
    day, end, found = datetime.date(year, 1, 1), datetime.date(year, 12, 31), {}
    while day <= end:
        working = chinese_calendar.is_workday(day)
        if working != (day.weekday() < 5):
            english = chinese_calendar.get_holiday_detail(day)[1] or ""
            name = HOLIDAY_NAMES.get(english, english)
            found[day] = (working, name + MAKE_UP_SUFFIX if working else name)
        day += datetime.timedelta(days=1)
    return found


def load_year(year):
    """Store the official arrangement of ``year``, then recompute open deadlines once.

    Idempotent. Days of the year that the arrangement does not list (a supervisor's own) are kept.
    Returns counts: created, updated, unchanged, kept, recomputed.
    """
    official = official_days(year)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0, "recomputed": 0}
    with transaction.atomic():
        stored = {row.date: row for row in CalendarDay.objects.filter(date__year=year)}
        new = []
        for day, (working, name) in sorted(official.items()):
            row = stored.get(day)
            if row is None:
                new.append(CalendarDay(date=day, is_working_day=working, name=name))
            elif (row.is_working_day, row.name) != (working, name):
                # update(), like bulk_create(), sends no post_save: one recompute at the end, not one per day
                CalendarDay.objects.filter(pk=row.pk).update(is_working_day=working, name=name)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        CalendarDay.objects.bulk_create(new)
        counts["created"] = len(new)
        counts["kept"] = len(set(stored) - set(official))
        if counts["created"] or counts["updated"]:
            reason = _("official holiday arrangement of %(year)s loaded") % {"year": year}
            counts["recomputed"] = len(recompute_open_deadlines(reason))
    return counts


# --- what the calendar does to open deadlines ------------------------------------------------------------

@dataclasses.dataclass
class DeadlineChange:
    demand: Demand
    field: str  # "accept_due_at" or "answer_due_at"
    old: datetime.datetime | None
    new: datetime.datetime

    def moves_into_past(self, now):
        return bool(self.old and self.old > now and self.new < now)

    def describe(self):
        fmt = "%Y-%m-%d %H:%M"
        old = timezone.localtime(self.old).strftime(fmt) if self.old else "—"
        return f"{old} → {timezone.localtime(self.new).strftime(fmt)}"


def _open_demands():
    return Demand.objects.filter(
        Q(status=Status.FORWARDED, forwarded_at__isnull=False) | Q(status=Status.ACCEPTED, accepted_at__isnull=False)
    ).select_related("department").order_by("pk")


def _start(demand):
    return demand.forwarded_at if demand.status == Status.FORWARDED else demand.accepted_at


def stored_calendar(since):
    """Every stored exception from the date ``since`` on (enough for any deadline counted from then)."""
    return dict(CalendarDay.objects.filter(date__gte=since).values_list("date", "is_working_day"))


def deadline_changes(edit=None):
    """The open deadlines that differ from what the calendar gives: the stored calendar, or it with
    ``edit`` applied (a function that changes a {date: is_working_day} dict in place)."""
    demands = list(_open_demands())
    if not demands:
        return []
    calendar = stored_calendar(min(timezone.localtime(_start(d)).date() for d in demands))
    if edit:
        edit(calendar)
    changes, computed = [], {}
    for d in demands:
        start = _start(d)
        # The deadline depends on the day of the start only: one computation per kind of demand and day.
        key = (d.status, d.department_id, d.kind, d.extension_days, timezone.localtime(start).date())
        if key not in computed:
            if d.status == Status.FORWARDED:
                computed[key] = deadlines.accept_deadline(d.department, start, calendar=calendar)
            else:
                computed[key] = deadlines.answer_deadline(d.department, d.kind, start, d.extension_days,
                                                          calendar=calendar)
        field = "accept_due_at" if d.status == Status.FORWARDED else "answer_due_at"
        new = computed[key]
        if getattr(d, field) != new:
            changes.append(DeadlineChange(d, field, getattr(d, field), new))
    return changes


def refusal(changes, now=None):
    """The message refusing an edit that would put a deadline still ahead in the past, or ""."""
    now = now or timezone.now()
    late = [c for c in changes if c.moves_into_past(now)]
    if not late:
        return ""
    listed = "; ".join(f"{c.demand.tracking_number} ({c.describe()})" for c in late[:MAX_LISTED])
    if len(late) > MAX_LISTED:
        listed += "; …"
    return ngettext(
        "This change would move the deadline of %(count)d open demand into the past, so it would be "
        "overdue at once: %(demands)s. Nothing was changed.",
        "This change would move the deadlines of %(count)d open demands into the past, so they would be "
        "overdue at once: %(demands)s. Nothing was changed.",
        len(late),
    ) % {"count": len(late), "demands": listed}


def check_edit(day, is_working_day, replacing=None):
    """Raise ValidationError if storing ``day`` (instead of the stored date ``replacing``) is refused."""

    def edit(calendar):
        if replacing is not None:
            calendar.pop(replacing, None)
        calendar[day] = is_working_day

    message = refusal(deadline_changes(edit))
    if message:
        raise ValidationError(message)


def removal_refusal(calendar_day):
    """The message refusing to delete ``calendar_day`` from the calendar, or ""."""
    return refusal(deadline_changes(lambda calendar: calendar.pop(calendar_day.date, None)))


def recompute_open_deadlines(reason, actor=None):
    """Set every open deadline to what the stored calendar gives; one DemandEvent per change."""
    changes = deadline_changes()
    now = timezone.now()
    done = []
    with transaction.atomic():
        for c in changes:
            d = c.demand
            # Only if nothing changed the demand meanwhile (a transition sets its own deadline).
            if not Demand.objects.filter(pk=d.pk, status=d.status, **{c.field: c.old}).update(**{c.field: c.new}):
                continue
            setattr(d, c.field, c.new)
            label = Demand._meta.get_field(c.field).verbose_name
            DemandEvent.objects.create(
                demand=d, actor=actor if (actor and actor.is_authenticated) else None,
                action=DemandEvent.Action.DEADLINE_RECOMPUTED, from_status=d.status, to_status=d.status,
                department=d.department, note=f"{label}: {c.describe()} ({reason})", created_at=now,
            )
            done.append(c)
    return done


def _admin_user():
    """Who is editing, inside a Wagtail admin view (its LogContext); None elsewhere."""
    from wagtail.log_actions import get_active_log_context

    return get_active_log_context().user


@receiver(post_save, sender=CalendarDay, dispatch_uid="demands_calendar_saved")
def calendar_day_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    recompute_open_deadlines(_("working-day calendar changed: %(day)s") % {"day": instance}, actor=_admin_user())


@receiver(post_delete, sender=CalendarDay, dispatch_uid="demands_calendar_deleted")
def calendar_day_deleted(sender, instance, **kwargs):
    recompute_open_deadlines(_("removed from the working-day calendar: %(day)s") % {"day": instance},
                             actor=_admin_user())
