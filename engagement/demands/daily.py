"""The daily run: a digest of overdue demands for Supervisors, the escalation ladder (催办 → 督办 → 通报,
escalation.py), and closing answers left unrated for 7 days.

Run by `manage.py demands_daily` from cron (see the README). Idempotent
apart from the digest, which is one email per Supervisor per run.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from content.roles import SUPERVISORS, role_emails
from content.site import site_url
from engagement.notifications.outbox import notify

from .deadlines import AUTO_CLOSE_DAYS
from .escalation import escalate
from .models import Demand, Status
from .transitions import TransitionNotAllowed


def overdue_digest(now=None):
    """Email every Supervisor the list of overdue demands; returns how many were overdue."""
    now = now or timezone.now()
    overdue = list(Demand.objects.overdue(now).select_related("department").order_by("department__name", "pk"))
    if not overdue:
        return 0
    lines = []
    for d in overdue:
        due = d.accept_due_at if d.status == Status.FORWARDED else d.answer_due_at
        step = _("accept") if d.status == Status.FORWARDED else _("answer")
        lines.append(f"{d.tracking_number} · {d.department} · {step} {_('due')} "
                     f"{timezone.localtime(due):%Y-%m-%d %H:%M} · {d.title}")
    subject = _("%(n)s overdue demands on %(date)s") % {"n": len(overdue), "date": f"{timezone.localtime(now):%Y-%m-%d}"}
    body = "\n".join(lines) + "\n\n" + site_url("/admin/demands/workspace/?tab=overdue")
    for email in role_emails(SUPERVISORS):
        notify(email, subject, body, kind="demand_overdue_digest")
    return len(overdue)


def auto_close(now=None):
    """Close answered demands whose answer waited AUTO_CLOSE_DAYS without a rating; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=AUTO_CLOSE_DAYS)
    closed = 0
    for demand in Demand.objects.filter(status=Status.ANSWERED, answered_at__lte=cutoff):
        try:
            demand.auto_close(now=now)
            closed += 1
        except TransitionNotAllowed:
            pass  # rated or closed meanwhile
    return closed


def run_daily(now=None):
    now = now or timezone.now()
    return {"overdue": overdue_digest(now), "escalated": escalate(now), "auto_closed": auto_close(now)}
