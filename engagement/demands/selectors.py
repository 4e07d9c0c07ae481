"""Reads that need care: listings with a constant number of queries, inboxes, latest answers.

Figures (rates, medians, counts per department) are not here: see statistics.py.
"""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Demand, DemandAnswer, Status, overdue_condition

LIST_RELATED = ("topic", "area", "department")


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


def triage_inbox():
    """Submitted demands, the most supported (附议) first, then the oldest."""
    return (
        Demand.objects.filter(status=Status.SUBMITTED)
        .select_related("topic__default_department", "area")
        .with_support_count()
        .order_by("-support_count", "submitted_at", "pk")
    )


WORKSPACE_TABS = ["new", "accepted", "overdue", "answered"]


def workspace_inbox(tab, scope, now=None):
    """One tab of an inbox over ``scope`` (the demands the permission policy lets the user see there)."""
    now = now or timezone.now()
    qs = scope.select_related(*LIST_RELATED)
    if tab == "new":
        qs = qs.filter(status=Status.FORWARDED).order_by("accept_due_at", "pk")
    elif tab == "accepted":
        qs = qs.filter(status=Status.ACCEPTED).order_by("answer_due_at", "pk")
    elif tab == "overdue":
        qs = qs.overdue(now).order_by("forwarded_at", "pk")
    else:
        qs = qs.filter(status__in=[Status.ANSWERED, Status.CLOSED]).order_by("-answered_at", "-pk")
    return qs


def workspace_counts(scope, now=None):
    return scope.aggregate(
        new=Count("pk", filter=Q(status=Status.FORWARDED)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        overdue=Count("pk", filter=overdue_condition(now)),
        answered=Count("pk", filter=Q(status__in=[Status.ANSWERED, Status.CLOSED])),
    )


ANSWERED_STATES = [Status.ANSWERED, Status.CLOSED]


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
    return [e for e in demand.events.select_related("department") if e.is_public]


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


