"""/transparency/ figures, computed from the recorded events (DemandEvent), ballots and ratings.

Each table is a dict: key, title, formula (in words), columns, rows. The same tables feed the
page (SVG + <table>), the CSV and the JSON. No personal data: counts, rates, names of
departments, topics and areas. A fixed number of aggregate queries, whatever the data size
(the median needs one row per answered demand, still in one query).
"""

import datetime
import statistics
from collections import defaultdict

from django.apps import apps
from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

MONTHS = 12
SATISFIED = ("satisfied", "basically_satisfied")


def month_starts(today, months=MONTHS):
    """The first day of each of the last ``months`` months, oldest first."""
    y, m = today.year, today.month
    out = []
    for _i in range(months):
        out.append(datetime.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return list(reversed(out))


def _month_key(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _bounds(months):
    """[(start, end)) aware datetimes of each month: plain range comparisons, fast on every database
    (SQLite's timezone-aware TruncMonth calls back into Python for every row)."""
    tz = timezone.get_current_timezone()
    starts = list(months) + [(months[-1].replace(day=28) + datetime.timedelta(days=4)).replace(day=1)]
    edges = [timezone.make_aware(datetime.datetime.combine(d, datetime.time.min), tz) for d in starts]
    return list(zip(edges[:-1], edges[1:]))


def _per_month(qs, months, **measures):
    """One aggregate query: {(month index, measure): value}; measures are name → (aggregate class, field, Q)."""
    annotations = {}
    for i, (lo, hi) in enumerate(_bounds(months)):
        window = Q(created_at__gte=lo, created_at__lt=hi)
        for name, (agg, field, condition) in measures.items():
            annotations[f"{name}_{i}"] = agg(field, filter=window & condition)
    row = qs.aggregate(**annotations)
    return {(i, name): row[f"{name}_{i}"] for i in range(len(months)) for name in measures}


def data_version():
    """Changes whenever a demand event, ballot or rating is recorded (three cheap aggregate queries)."""
    parts = []
    for label in ("demands.DemandEvent", "polls.Ballot", "ratings.PolicyRating"):
        model = _model(label)
        parts.append(str(model.objects.aggregate(m=Max("pk"))["m"] if model else 0))
    return "-".join(parts)


def compute(today=None):
    """Every transparency table, as a list of dicts (see the module docstring)."""
    today = today or timezone.localdate()
    months = month_starts(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    tables = []
    Event = _model("demands.DemandEvent")
    month_labels = [m.strftime("%Y-%m") for m in months]

    if Event is not None:
        recent = Event.objects.filter(created_at__gte=start)
        per_month = _per_month(
            recent, months,
            submitted=(Count, "pk", Q(action="submitted")), answered=(Count, "pk", Q(action="answered")),
        )
        tables.append({
            "key": "monthly",
            "title": _("Demands received and answered per month"),
            "formula": _("Received: demands with a 'submitted' event in the month. Answered: 'answered' events "
                         "in the month (a follow-up round counts again)."),
            "columns": [_("month"), _("received"), _("answered")],
            "rows": [[label, per_month[(i, "submitted")], per_month[(i, "answered")]] for i, label in enumerate(month_labels)],
        })

        Demand = _model("demands.Demand")
        departments = dict(_model("content.Department").objects.values_list("pk", "name"))
        by_dept = defaultdict(lambda: defaultdict(int))
        for row in recent.filter(action__in=["forwarded", "answered"], department__isnull=False).values(
            "department_id", "action"
        ).annotate(n=Count("demand_id", distinct=True)):
            by_dept[row["department_id"]][row["action"]] = row["n"]
        for row in recent.filter(action="rated", department__isnull=False).values("department_id").annotate(
            n=Count("pk"), ok=Count("pk", filter=Q(note__in=SATISFIED))
        ):
            by_dept[row["department_id"]]["rated"] = row["n"]
            by_dept[row["department_id"]]["satisfied"] = row["ok"]
        # First forward and first answer of each demand answered in the window (one query).
        spans = (
            Event.objects.filter(demand__isnull=False, action__in=["forwarded", "answered"])
            .values("demand_id", "demand__first_answered_on_time")  # one value per demand: a grouping key
            .annotate(
                forwarded=Min("created_at", filter=Q(action="forwarded")),
                answered=Min("created_at", filter=Q(action="answered")),
                answered_by=Min("department_id", filter=Q(action="answered")),
            )
            .filter(answered__gte=start, forwarded__isnull=False)
        )
        from engagement.demands.deadlines import holidays_between, working_days_between

        spans = list(spans)
        holidays = holidays_between(months[0] - datetime.timedelta(days=400), today) if spans else set()
        days_by_dept = defaultdict(list)
        on_time = defaultdict(lambda: [0, 0])
        for s in spans:
            dept = s["answered_by"]
            days_by_dept[dept].append(working_days_between(s["forwarded"], s["answered"], holidays))
            if s["demand__first_answered_on_time"] is not None:
                on_time[dept][0] += bool(s["demand__first_answered_on_time"])
                on_time[dept][1] += 1
        league = []
        for dept_id, counts in by_dept.items():
            if dept_id not in departments:
                continue
            days = days_by_dept.get(dept_id, [])
            league.append([
                departments[dept_id],
                counts["forwarded"],
                counts["answered"],
                _rate(counts["answered"], counts["forwarded"]),
                _rate(on_time[dept_id][0], on_time[dept_id][1]),
                _rate(counts["satisfied"], counts["rated"]),
                statistics.median(days) if days else None,
            ])
        league.sort(key=lambda r: (-(r[5] or -1), -(r[3] or -1), r[0]))
        tables.append({
            "key": "departments",
            "title": _("Department league table (last 12 months)"),
            "formula": _(
                "Reply rate = demands answered by the department ÷ demands forwarded to it. "
                "On-time rate = first answers given before the answer deadline ÷ first answers. "
                "Satisfaction = ratings 'satisfied' or 'basically satisfied' ÷ all ratings. "
                "Median working days = median, over answered demands, of working days (weekends and "
                "holidays skipped) from the first forward to the first answer."
            ),
            "columns": [_("department"), _("forwarded"), _("answered"), _("reply rate %"), _("on-time rate %"),
                        _("satisfaction %"), _("median working days to answer")],
            "rows": league,
        })

        trend = _per_month(
            recent, months, n=(Count, "pk", Q(action="rated")),
            ok=(Count, "pk", Q(action="rated", note__in=SATISFIED)),
        )
        on_time_month = defaultdict(lambda: [0, 0])
        for s in spans:
            key = _month_key(s["answered"])
            if s["demand__first_answered_on_time"] is not None:
                on_time_month[key][0] += bool(s["demand__first_answered_on_time"])
                on_time_month[key][1] += 1
        tables.append({
            "key": "rates",
            "title": _("Satisfaction and on-time rates per month"),
            "formula": _("Satisfaction: satisfied + basically satisfied ratings ÷ ratings in the month. "
                         "On-time: first answers in the month given before their deadline ÷ first answers in the month."),
            "columns": [_("month"), _("satisfaction %"), _("on-time rate %")],
            "rows": [
                [label, _rate(trend[(i, "ok")], trend[(i, "n")]), _rate(*on_time_month[m])]
                for i, (m, label) in enumerate(zip(months, month_labels))
            ],
        })

        busiest_topics = list(
            recent.filter(action="submitted").values("demand__topic__name").annotate(n=Count("pk")).order_by("-n")[:10]
        )
        tables.append({
            "key": "topics",
            "title": _("Busiest topics (last 12 months)"),
            "formula": _("Demands submitted per topic."),
            "columns": [_("topic"), _("demands")],
            "rows": [[r["demand__topic__name"], r["n"]] for r in busiest_topics if r["demand__topic__name"]],
        })
        busiest_areas = list(
            recent.filter(action="submitted", demand__area__isnull=False)
            .values("demand__area__parent__parent__name")
            .annotate(n=Count("pk"))
            .order_by("-n")[:10]
        )
        tables.append({
            "key": "areas",
            "title": _("Busiest streets (last 12 months)"),
            "formula": _("Demands submitted per street (the street above the demand's grid)."),
            "columns": [_("street"), _("demands")],
            "rows": [[r["demand__area__parent__parent__name"], r["n"]] for r in busiest_areas
                     if r["demand__area__parent__parent__name"]],
        })
        del Demand

    Ballot = _model("polls.Ballot")
    Rating = _model("ratings.PolicyRating")
    ballots = _per_month(Ballot.objects.all(), months, n=(Count, "pk", Q())) if Ballot is not None else {}
    ratings = (
        _per_month(Rating.objects.all(), months, n=(Count, "pk", Q()), avg=(Avg, "score", Q()))
        if Rating is not None else {}
    )
    tables.append({
        "key": "participation",
        "title": _("Poll ballots and policy ratings per month"),
        "formula": _("Ballots cast in polls in the month; policy ratings given in the month and their average score (1–5)."),
        "columns": [_("month"), _("ballots"), _("policy ratings"), _("average rating")],
        "rows": [
            [label, ballots.get((i, "n"), 0), ratings.get((i, "n"), 0),
             round(ratings[(i, "avg")], 2) if ratings.get((i, "avg")) is not None else None]
            for i, label in enumerate(month_labels)
        ],
    })
    return tables
