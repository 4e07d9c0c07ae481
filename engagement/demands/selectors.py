"""Reads that need care: listings with a constant number of queries, inboxes, latest answers.

Figures (rates, medians, counts per department) are not here: see statistics.py.
"""

import datetime
import re
import unicodedata

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .deadlines import working_days_left_counter
from .models import REOPENED, Demand, DemandAnswer, Status, due_soon_condition, overdue_condition

LIST_RELATED = ("topic", "area__parent__parent", "department")


def public_list(filters=None):
    """Public demands newest first, with what a list row shows, in one query (+ count)."""
    qs = Demand.objects.publicly_readable().select_related(*LIST_RELATED)
    filters = filters or {}
    if filters.get("topic"):
        qs = qs.filter(topic=filters["topic"])
    if filters.get("department"):
        qs = qs.filter(department=filters["department"])
    if filters.get("area"):
        qs = qs.filter(area_id__in=filters["area"].descendant_ids())
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs.order_by("-submitted_at", "-pk")


TRIAGE_SORTS = ["waiting", "support"]


def triage_inbox(sort="waiting"):
    """Submitted demands: the longest waiting first (urgency), or the most supported (附议) first."""
    order = ("submitted_at", "pk") if sort != "support" else ("-support_count", "submitted_at", "pk")
    return (
        Demand.objects.filter(status=Status.SUBMITTED)
        .select_related("topic__default_department", "area__parent__parent")
        .with_support_count()
        .order_by(*order)
    )


def triage_summary():
    """For the Moderators' dashboard: how many demands wait in triage and since when the oldest waits."""
    from django.db.models import Min

    return Demand.objects.filter(status=Status.SUBMITTED).aggregate(count=Count("pk"), oldest=Min("submitted_at"))


WORKSPACE_TABS = ["new", "accepted", "due_soon", "overdue", "reopened", "answered"]
# The open step's deadline, whichever step is open: the most urgent first.
CURRENT_DUE = models.Case(
    models.When(status=Status.FORWARDED, then=models.F("accept_due_at")),
    models.When(status=Status.ACCEPTED, then=models.F("answer_due_at")),
)


def _tab_condition(tab, now):
    return {
        "new": Q(status=Status.FORWARDED),
        "accepted": Q(status=Status.ACCEPTED),
        "due_soon": due_soon_condition(now),
        "overdue": overdue_condition(now),
        "reopened": REOPENED,
        "answered": Q(status__in=[Status.ANSWERED, Status.CLOSED]),
    }[tab]


def workspace_inbox(tab, scope, now=None):
    """One tab of an inbox over ``scope`` (the demands the permission policy lets the user see there):
    open work by its deadline, the nearest (or the longest passed) first; answers newest first."""
    now = now or timezone.now()
    qs = scope.select_related(*LIST_RELATED).filter(_tab_condition(tab, now))
    if tab == "answered":
        return qs.order_by("-answered_at", "-pk")
    return qs.annotate(current_due=CURRENT_DUE).order_by(models.F("current_due").asc(nulls_last=True), "pk")


def workspace_counts(scope, now=None):
    now = now or timezone.now()
    return scope.aggregate(**{tab: Count("pk", filter=_tab_condition(tab, now)) for tab in WORKSPACE_TABS})


def overdue_by_department(scope, now=None):
    """For the Supervisors' dashboard: [(department id, name, slug, overdue count)], the most overdue first."""
    rows = (scope.filter(overdue_condition(now)).values("department_id", "department__name", "department__slug")
            .annotate(n=Count("pk")).order_by("-n", "department__name"))
    return [(r["department_id"], r["department__name"], r["department__slug"], r["n"]) for r in rows]


def annotate_deadlines(demands, now=None):
    """What a staff row shows about time, for one page of demands with one calendar query: ``due_at`` (the
    open step's deadline), ``days_left`` (working days to it; negative once passed; ``days_overdue`` the same, positive), ``waiting_days``
    (working days since submission), ``is_late`` and ``is_reopened``."""
    now = now or timezone.now()
    left = working_days_left_counter(now, [d.current_due_at for d in demands] + [d.submitted_at for d in demands])
    for d in demands:
        d.due_at = d.current_due_at
        d.days_left = left(d.due_at)
        d.days_overdue = -d.days_left if d.days_left is not None and d.days_left < 0 else 0
        d.waiting_days = -left(d.submitted_at) if d.submitted_at else None
        d.is_late = d.is_overdue(now)
        if not hasattr(d, "support_count"):
            d.support_count = None
    return demands


ANSWERED_STATES = [Status.ANSWERED, Status.CLOSED]


def handled_work(scope, now=None):
    """A mediation organisation's work list over ``scope`` (the policy's view_handled): (open demands, the most
    urgent deadline first, with their working days left; answered ones, newest answer first, at most 50)."""
    qs = scope.select_related(*LIST_RELATED)
    open_ = list(qs.filter(status=Status.ACCEPTED).order_by("answer_due_at", "pk"))
    done = list(qs.filter(status__in=ANSWERED_STATES).order_by("-answered_at", "-pk")[:50])
    return annotate_deadlines(open_, now), done


def latest_answers_of(department, limit=5):
    """The department's latest answers on publicly readable demands."""
    return list(
        DemandAnswer.objects.filter(demand__in=Demand.objects.publicly_readable().filter(department=department))
        .select_related("demand").order_by("-created_at")[:limit]
    )


def latest_answered(limit=5):
    return list(
        Demand.objects.publicly_readable().filter(status__in=ANSWERED_STATES)
        .select_related("department", "topic").order_by("-answered_at")[:limit]
    )


def public_timeline(demand):
    return [e for e in demand.events.select_related("department", "organisation") if e.is_public]


def add_support_counts(demands):
    """Set `support_count` on one page of demands with one query (counting on the page, not the table)."""
    from .models import DemandSupport

    counts = dict(
        DemandSupport.objects.filter(demand__in=[d.pk for d in demands]).values("demand")
        .annotate(n=Count("pk")).values_list("demand", "n")
    ) if demands else {}
    for d in demands:
        d.support_count = counts.get(d.pk, 0)
    return demands


def annotate_overdue(demands, now=None):
    now = now or timezone.now()
    for d in demands:
        d.is_late = d.is_overdue(now)
        if not hasattr(d, "support_count"):
            d.support_count = None
    return demands




TRACKING_NUMBER = re.compile(r"^GZ-?(\d{4})-?(\d{1,6})$")


def normalise_tracking_number(text):
    """``GZ-2026-000201`` from what a resident types: any case, spaces, full-width characters, other dashes,
    the dashes left out or the leading zeros dropped ("gz 2026 201"); None when it is not a tracking number."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    text = re.sub(r"[\s\-\u2010-\u2015\u2212_]+", "-", text.strip())
    match = TRACKING_NUMBER.match(text)
    return f"GZ-{match[1]}-{int(match[2]):06d}" if match else None


def find_readable(text, user):
    """The demand whose tracking number ``text`` is, if ``user`` may read it (readable_by: the one rule);
    else None — the same answer whether it is hidden or does not exist."""
    number = normalise_tracking_number(text)
    if number is None:
        return None
    return Demand.objects.readable_by(user).filter(tracking_number=number).first()


def residents_demands(user, now=None):
    """A resident's own demands (我的诉求), newest first, each with ``next_step`` (what happens next) and
    ``next_due`` (its deadline, or None) and the working days left to it: two queries however many (demands, calendar)."""
    from .deadlines import AUTO_CLOSE_DAYS

    now = now or timezone.now()
    demands = list(Demand.objects.filter(author=user).select_related("department", "topic", "area", "merged_into")
                   .order_by("-submitted_at", "-pk"))
    annotate_deadlines(demands, now)
    steps = {
        Status.SUBMITTED: _("A moderator forwards it to a department"),
        Status.FORWARDED: _("The department accepts it by"),
        Status.ACCEPTED: _("The department answers by"),
        Status.ANSWERED: _("Rate the answer by"),
    }
    for d in demands:
        d.next_step = steps.get(d.status, "")
        d.next_due = d.due_at
        if d.status == Status.ANSWERED and d.answered_at:
            d.next_due = d.answered_at + datetime.timedelta(days=AUTO_CLOSE_DAYS)
    return demands
