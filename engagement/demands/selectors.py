"""Reads that need care: listings with a constant number of queries, inboxes, scorecards, league table."""

import statistics

from django.db.models import Count, F, Q
from django.utils import timezone

from content.models import Department

from .models import Demand, DemandAnswer, DemandRating, Kind, Satisfaction, Status

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


def workspace_inbox(tab, department=None, now=None):
    """One tab of a department's inbox; department=None means all departments (Supervisors)."""
    now = now or timezone.now()
    qs = Demand.objects.select_related(*LIST_RELATED)
    if department is not None:
        qs = qs.filter(department=department)
    else:
        qs = qs.filter(department__isnull=False)
    if tab == "new":
        qs = qs.filter(status=Status.FORWARDED).order_by("accept_due_at", "pk")
    elif tab == "accepted":
        qs = qs.filter(status=Status.ACCEPTED).order_by("answer_due_at", "pk")
    elif tab == "overdue":
        qs = qs.overdue(now).order_by("forwarded_at", "pk")
    else:
        qs = qs.filter(status__in=[Status.ANSWERED, Status.CLOSED]).order_by("-answered_at", "-pk")
    return qs


def workspace_counts(department=None, now=None):
    now = now or timezone.now()
    qs = Demand.objects.all() if department is None else Demand.objects.filter(department=department)
    return qs.aggregate(
        new=Count("pk", filter=Q(status=Status.FORWARDED)),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        overdue=Count("pk", filter=Q(status=Status.FORWARDED, accept_due_at__lt=now)
                      | Q(status=Status.ACCEPTED, answer_due_at__lt=now)),
        answered=Count("pk", filter=Q(status__in=[Status.ANSWERED, Status.CLOSED])),
    )


ANSWERED_STATES = [Status.ANSWERED, Status.CLOSED]


def _rate(part, whole):
    return round(100 * part / whole) if whole else None


def _figures(row):
    received, answered = row["received"], row["answered"]
    return {
        **row,
        "response_rate": _rate(answered, received),
        "on_time_rate": _rate(row["on_time"], answered),
        "satisfaction_rate": _rate(row["satisfied"], row["rated"]),
    }


def _aggregates(prefix=""):
    """Counts per department; `distinct` because the ratings join can repeat a demand row."""
    p = prefix
    return dict(
        received=Count(f"{p}pk", distinct=True),
        answered=Count(f"{p}pk", distinct=True, filter=Q(**{f"{p}first_answered_at__isnull": False})),
        on_time=Count(f"{p}pk", distinct=True, filter=Q(**{f"{p}first_answered_on_time": True})),
        rated=Count(f"{p}ratings", filter=Q(**{f"{p}ratings__round": 1})),
        satisfied=Count(f"{p}ratings", filter=Q(**{f"{p}ratings__round": 1, f"{p}ratings__satisfaction__in": [
            Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED]})),
    )


def league_table():
    """Every department's figures in ONE aggregate query (not one per department).

    Received = demands currently assigned to the department that were ever forwarded to it.
    Answered / on time = first-round answers; satisfaction = 满意 + 基本满意 among first ratings.
    """
    rows = (
        Department.objects.annotate(**_aggregates("demands__"))
        .values("pk", "name", "slug", "received", "answered", "on_time", "rated", "satisfied")
        .order_by("name")
    )
    table = [_figures(row) for row in rows]
    table.sort(key=lambda r: (-(r["response_rate"] or -1), -(r["on_time_rate"] or -1), r["name"]))
    return table


def scorecard(department, latest=5):
    """A department's figures, by type too; a fixed number of queries whatever the volume."""
    mine = Demand.objects.filter(department=department)
    totals = mine.aggregate(**_aggregates())
    by_kind_rows = {r["kind"]: r for r in mine.values("kind").annotate(**_aggregates()).order_by("kind")}
    by_kind = [
        {"kind": k, "label": k.label, **_figures(by_kind_rows.get(k.value, {
            "received": 0, "answered": 0, "on_time": 0, "rated": 0, "satisfied": 0}))}
        for k in Kind
    ]
    durations = [
        (answered - forwarded).total_seconds() / 86400
        for forwarded, answered in mine.filter(first_answered_at__isnull=False, forwarded_at__isnull=False)
        .values_list("forwarded_at", "first_answered_at")
    ]
    latest_answers = (
        DemandAnswer.objects.filter(demand__in=Demand.objects.publicly_readable().filter(department=department))
        .select_related("demand").order_by("-created_at")[:latest]
    )
    return {
        **_figures(totals),
        "median_days": round(statistics.median(durations), 1) if durations else None,
        "by_kind": by_kind,
        "latest_answers": list(latest_answers),
    }


def latest_answered(limit=5):
    return list(
        Demand.objects.publicly_readable().filter(status__in=ANSWERED_STATES)
        .select_related("department", "topic").order_by("-answered_at")[:limit]
    )


def satisfaction_of(demand):
    return list(DemandRating.objects.filter(demand=demand).order_by("round"))


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


__all__ = ["public_list", "triage_inbox", "workspace_inbox", "league_table", "scorecard", "F"]
