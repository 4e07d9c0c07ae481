"""Reads for the insight pages: a fixed number of aggregate queries, whatever the data size."""

from datetime import timedelta
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Case, Count, F, Sum, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from content.models import Area

from .models import Alert, HotTermSnapshot, Period

TOP_TERMS = 20
HEAT_ROWS = 12
HEAT_COLS = 12
HEAT_DAYS = 30


def search_url(query):
    try:
        base = reverse("search:search")
    except NoReverseMatch:
        base = "/search/"
    return f"{base}?{urlencode({'q': query})}"


def hot_terms(period=Period.WEEK, limit=TOP_TERMS):
    """(computed_for, [HotTermSnapshot]) of the latest snapshot for a period: two queries."""
    latest = (
        HotTermSnapshot.objects.filter(period=period).order_by("-computed_for").values_list("computed_for", flat=True).first()
    )
    if latest is None:
        return None, []
    rows = list(HotTermSnapshot.objects.filter(period=period, computed_for=latest).order_by("rank")[:limit])
    for row in rows:
        row.search_url = search_url(row.term)
    return latest, rows


def heat_table(level=Area.Kind.STREET, days=HEAT_DAYS, today=None):
    """Public demands per topic × area over the last ``days``: one aggregate query.

    Returns {"topics": [...], "areas": [...], "matrix": [[n]], "links": [[url]], "days": days}.
    """
    from .models import TopicAreaDayCount

    today = today or timezone.localdate()
    rows = list(
        TopicAreaDayCount.objects.filter(day__gt=today - timedelta(days=days), day__lte=today, area__kind=level)
        .values("topic_id", "topic__name", "area_id", "area__name", "area__parent__name")
        .annotate(n=Sum("count"))
    )
    topic_totals, area_totals, names = {}, {}, {}
    for r in rows:
        topic_totals[r["topic_id"]] = topic_totals.get(r["topic_id"], 0) + r["n"]
        area_totals[r["area_id"]] = area_totals.get(r["area_id"], 0) + r["n"]
        names[("t", r["topic_id"])] = r["topic__name"]
        names[("a", r["area_id"])] = r["area__name"]
        names[("p", r["area_id"])] = r["area__parent__name"] or ""
    topics = sorted(topic_totals, key=lambda k: (-topic_totals[k], names[("t", k)]))[:HEAT_ROWS]
    areas = sorted(area_totals, key=lambda k: (-area_totals[k], names[("a", k)]))[:HEAT_COLS]
    cell = {(r["topic_id"], r["area_id"]): r["n"] for r in rows}
    matrix = [[cell.get((t, a), 0) for a in areas] for t in topics]
    links = [[search_url(f"{names[('t', t)]} {names[('a', a)]}") for a in areas] for t in topics]
    return {
        "topics": [names[("t", t)] for t in topics],
        "areas": [names[("a", a)] for a in areas],
        "area_parents": [names[("p", a)] for a in areas],
        "matrix": matrix,
        "links": links,
        "rows": [
            {"topic": names[("t", t)], "cells": [{"n": n, "url": u} for n, u in zip(matrix[i], links[i])]}
            for i, t in enumerate(topics)
        ],
        "days": days,
        "level": level,
    }


def most_supported_open_demands(limit=5):
    """Open public demands with the most support (附议): one query; [] before demands exist."""
    try:
        Demand = apps.get_model("demands.Demand")
    except LookupError:
        return []
    from engagement.demands.models import OPEN_STATUSES

    return list(
        Demand.objects.publicly_readable().filter(status__in=OPEN_STATUSES)
        .annotate(support_count=Count("supports", distinct=True))
        .filter(support_count__gt=0)
        .select_related("topic", "area")
        .order_by("-support_count", "-submitted_at")[:limit]
    )


_STATUS_ORDER = Case(When(status=Alert.Status.OPEN, then=Value(0)), When(status=Alert.Status.ASSIGNED, then=Value(1)),
                     default=Value(2))


def alerts_for_dashboard(limit=30):
    """Open alerts first, then those assigned and not yet disposed of, then the latest handled ones: one query."""
    return list(
        Alert.objects.select_related("acknowledged_by", "department")
        .order_by(_STATUS_ORDER, "-day", "-observed")[:limit]
    )


def alerts_for_desk(user, limit=100):
    """The early warnings ``user`` may see on the desk: all for those who assign, else the ones assigned
    to their own departments; undisposed first, one query."""
    from .permissions import alert_department_ids, can_assign_alert

    qs = Alert.objects.select_related("department", "assigned_by", "disposed_by")
    if not can_assign_alert(user):
        qs = qs.filter(department_id__in=alert_department_ids(user))
    disposed_last = Case(When(status=Alert.Status.DISPOSED, then=Value(1)), default=Value(0))
    return list(qs.order_by(disposed_last, F("due_on").asc(nulls_last=True), "-day", "-observed")[:limit])
