"""Supervision that escalates (督办): the ladder an overdue deadline climbs, and the public 通报 list.

    the deadline passes                               → 催办  a reminder to the department
    GONGZHI_ESCALATION_SUPERVISE_DAYS (3) working days → 督办  a supervisor's formal notice (department + Supervisors)
    GONGZHI_ESCALATION_LIST_DAYS (10) working days     → 通报  the demand is on the public list of its month

Days overdue are working days after the day of the deadline (the calendar of deadlines.py: holidays
skipped, 调休 counted). The daily job (daily.py) calls escalate(); each step is one EscalationStep,
unique per demand, step and deadline, so a second run the same day finds it and does nothing, plus a
DemandEvent in the demand's timeline; its emails go through the outbox in the same transaction, so a
mail outage loses nothing. A demand late again on a later deadline (accepting, then answering, or a
follow-up round) climbs again from the first step. A step is recorded for a private demand too (the
department is still told); the public list shows only what Demand.objects.publicly_readable() allows.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from content.roles import SUPERVISORS, role_emails, staff_emails
from content.site import site_url
from engagement.notifications.outbox import notify

from . import notices
from .deadlines import working_day_counter
from .models import Demand, DemandEvent, EscalationStep, Status

Step = EscalationStep.Step
DEFAULT_SUPERVISE_DAYS = 3
DEFAULT_LIST_DAYS = 10


def supervise_days():
    return getattr(settings, "GONGZHI_ESCALATION_SUPERVISE_DAYS", DEFAULT_SUPERVISE_DAYS)


def list_days():
    return getattr(settings, "GONGZHI_ESCALATION_LIST_DAYS", DEFAULT_LIST_DAYS)


def steps_reached(days_overdue):
    """The rungs a deadline missed by ``days_overdue`` working days has reached, lowest first."""
    reached = [Step.REMINDED]
    if days_overdue >= supervise_days():
        reached.append(Step.SUPERVISED)
    if days_overdue >= list_days():
        reached.append(Step.LISTED)
    return reached


def _stage(demand):
    return EscalationStep.Stage.ACCEPT if demand.status == Status.FORWARDED else EscalationStep.Stage.ANSWER


def escalate(now=None):
    """Climb every overdue demand up the ladder as far as its days overdue reach; returns
    {"reminded": n, "supervised": n, "listed": n}: the steps reached in this run (0 when run again)."""
    now = now or timezone.now()
    overdue = list(Demand.objects.overdue(now).select_related("department").order_by("pk"))
    counts = {step: 0 for step in Step.values}
    if not overdue:
        return counts
    tz = timezone.get_current_timezone()
    first = min(d.current_due_at for d in overdue).astimezone(tz).date()
    days_after = working_day_counter(first, now.astimezone(tz).date())
    for demand in overdue:
        due = demand.current_due_at
        days = days_after(due, now)
        for step in steps_reached(days):
            if _reach(demand, step, due, days, now):
                counts[step] += 1
        EscalationStep.objects.filter(demand=demand, due_at=due).exclude(days_overdue=days).update(days_overdue=days)
    return counts


def _reach(demand, step, due, days, now):
    """Record ``step`` for the deadline ``due`` once, with its event and emails; False if already there
    or the demand moved on meanwhile (its row is locked while we look)."""
    with transaction.atomic():
        locked = Demand.objects.select_for_update().get(pk=demand.pk)  # no select_related: PostgreSQL refuses FOR UPDATE on a nullable outer join
        if locked.current_due_at != due or not locked.is_overdue(now):
            return False
        row, created = EscalationStep.objects.get_or_create(
            demand=locked, step=step, due_at=due,
            defaults={"stage": _stage(locked), "department": locked.department, "days_overdue": days,
                      "created_at": now},
        )
        if not created:
            return False
        DemandEvent.objects.create(
            demand=locked, action=step, from_status=locked.status, to_status=locked.status,
            department=locked.department, note=str(days), created_at=now,
        )
        TELL[step](locked, row)
    return True


# --- who is told (一事一告), through the outbox -----------------------------------------------------

def _workspace_url(demand):
    return site_url(f"/admin/demands/workspace/{demand.pk}/")


def _values(demand, row):
    return {
        "number": demand.tracking_number, "title": demand.title, "department": demand.department,
        "stage": row.get_stage_display(), "days": row.days_overdue,
        "due": timezone.localtime(row.due_at).strftime("%Y-%m-%d %H:%M"),
        "url": _workspace_url(demand),
    }


def _tell(demand, kind, subject, body, *, supervisors):
    emails = list(dict.fromkeys(staff_emails(demand.department) if demand.department_id else []))
    if supervisors:
        emails += [e for e in role_emails(SUPERVISORS) if e not in emails]
    for email in emails:
        notify(email, subject, body, kind=kind)
    if demand.handler_id:  # a mediation organisation answers it (handover.py): it is behind the same deadline
        notices.tell_organisation(demand.handler, kind, subject,
                                  body.replace(_workspace_url(demand), site_url(reverse("demands:handled"))))


def _remind(demand, row):
    v = _values(demand, row)
    _tell(demand, "demand_escalation_reminder",
          _("Reminder (催办): %(number)s is overdue") % v,
          _("The deadline for %(stage)s “%(title)s” passed on %(due)s. Please act on it now:\n%(url)s") % v,
          supervisors=False)


def _supervise(demand, row):
    v = {**_values(demand, row), "list_days": list_days()}
    _tell(demand, "demand_escalation_notice",
          _("Formal supervision notice (督办): %(number)s, %(days)s working days overdue") % v,
          _("The supervisors' office requires %(department)s to finish %(stage)s “%(title)s” (due %(due)s) "
            "without further delay. At %(list_days)s working days overdue the demand is listed publicly "
            "in the monthly report (通报).\n%(url)s") % v,
          supervisors=True)


def _list(demand, row):
    month = timezone.localtime(row.created_at)
    v = {**_values(demand, row), "month": f"{month:%Y-%m}",
         "list_url": site_url(reverse("demands:supervision_month", args=[f"{month:%Y-%m}"]))}
    _tell(demand, "demand_escalation_listed",
          _("Listed publicly (通报): %(number)s, %(days)s working days overdue") % v,
          _("“%(title)s” (%(stage)s due %(due)s) is on the public list of overdue demands for %(month)s "
            "(a private demand is counted there, not shown):\n%(list_url)s\n%(url)s") % v,
          supervisors=True)


TELL = {Step.REMINDED: _remind, Step.SUPERVISED: _supervise, Step.LISTED: _list}


# --- the public list (通报) --------------------------------------------------------------------------

def parse_month(text):
    """'2026-11' → date(2026, 11, 1); None for anything else ('2026-13', 'abc', '26-1')."""
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    year, month = int(text[:4]), int(text[5:])
    if not (1 <= month <= 12 and year >= 2000):
        return None
    return datetime.date(year, month, 1)


def _month_bounds(month):
    tz = timezone.get_current_timezone()
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return tuple(timezone.make_aware(datetime.datetime.combine(d, datetime.time.min), tz)
                 for d in (month, following))


def monthly_list(month, now=None):
    """The 通报 of ``month`` (a date, first of the month): the public demands listed in it, by department
    then most overdue, and how many private ones were listed too (counted, never shown).

    Returns {"rows": [EscalationStep with .demand, .department, .still_overdue], "private": n}."""
    now = now or timezone.now()
    start, end = _month_bounds(month)
    listed = EscalationStep.objects.filter(step=Step.LISTED, created_at__gte=start, created_at__lt=end)
    public = Demand.objects.publicly_readable()
    rows = list(listed.filter(demand__in=public).select_related("demand", "department")
                .order_by("department__name", "-days_overdue", "pk"))
    for row in rows:
        row.still_overdue = row.demand.current_due_at == row.due_at and row.demand.is_overdue(now)
    return {"rows": rows, "private": listed.exclude(demand__in=public).count()}
