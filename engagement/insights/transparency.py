"""/transparency/ tables: the demand figures from engagement.demands.statistics, the consultation figures from
engagement.consultations.statistics, early warnings and their handling (预警 → 处置), ballots and ratings.

Each table is a dict: key, title, formula (in words), columns, rows. The same tables feed the
page (SVG + <table>), the CSV and the JSON. No personal data: counts, rates, names of
departments, topics and areas. A fixed number of queries, whatever the data size.
The per-demand records behind the demand tables are the open data (opendata.py).
"""

import datetime

from django.apps import apps
from django.db.models import Avg, Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

MONTHS = 12


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
    """Changes whenever a demand event, ballot or rating is recorded, or an alert raised or handled
    (cheap aggregate queries)."""
    from .models import Alert

    handled = Alert.objects.aggregate(m=Max("updated_at"))["m"]
    parts = [f"{handled:%Y%m%d%H%M%S%f}" if handled else "0"]
    for label in ("demands.DemandEvent", "polls.Ballot", "ratings.PolicyRating", "consultations.Opinion",
                  "consultations.AdoptionReport"):
        model = _model(label)
        parts.append(str(model.objects.aggregate(m=Max("pk"))["m"] if model else 0))
    return "-".join(parts)


def demand_tables(period):
    """The demand tables, every figure from engagement.demands.statistics (the one definition)."""
    from engagement.demands import statistics

    facts = statistics.facts(period)
    F = statistics.FIGURES_BY_KEY
    period_note = _("Period: demands forwarded from %(start)s to %(end)s (by the month of the forward).") % {
        "start": f"{period.start:%Y-%m}", "end": f"{period.months[-1]:%Y-%m}"}

    def formula(*keys):
        return " ".join([period_note] + [f"{F[k].label} = {F[k].formula}" for k in keys])

    league_keys = ["received", "answered", "reply_rate", "response_rate", "on_time_rate", "resolution_rate",
                   "satisfaction_rate", "median_working_days", "overdue_now"]
    month_keys = ["received", "answered", "reply_rate", "response_rate", "on_time_rate", "resolution_rate",
                  "satisfaction_rate", "median_working_days"]
    by_month = statistics.by_month(period, facts)
    league = statistics.by_department(period, facts)
    tables = [
        {
            "key": "departments",
            "title": _("How each department answers (%(period)s)") % {"period": period.label},
            "formula": formula(*league_keys),
            "columns": [_("department")] + [_label(F[k]) for k in league_keys],
            "rows": [[dept["name"]] + [getattr(fig, k) for k in league_keys]
                     for dept, fig in league],
            "chart_column": 1 + league_keys.index("satisfaction_rate"),
            "row_links": [reverse("content:department", args=[dept["slug"]]) for dept, _fig in league],
        },
        {
            "key": "monthly",
            "title": _("Demands received per month and how they were handled"),
            "formula": formula(*month_keys),
            "columns": [_("month")] + [_label(F[k]) for k in month_keys],
            "rows": [[f"{m:%Y-%m}"] + [getattr(fig, k) for k in month_keys] for m, fig in by_month],
        },
        {
            "key": "private",
            "title": _("Private demands included in the totals"),
            "formula": _("Demands whose author kept the content private are handled and counted like the others. "
                         "Per department and month of the forward, their counts; with the per-demand public "
                         "records they give back every figure above. Working days: {days: demands}."),
            "columns": [_("department"), _("month"), _("received"), _("answered"), _("accepted on time"),
                        _("answered on time"), _("rated"), _("satisfied"), _("asked if solved"), _("solved"),
                        _("overdue now"), _("working days to answer")],
            "rows": [
                [p["department"], p["month"], p["figures"].received, p["figures"].answered,
                 p["figures"].accepted_on_time, p["figures"].answered_on_time, p["figures"].rated,
                 p["figures"].satisfied, p["figures"].resolution_asked, p["figures"].resolved,
                 p["figures"].overdue_now, _histogram(p["figures"].working_days_histogram())]
                for p in statistics.private_totals(period, facts)
            ],
        },
        {
            "key": "topics",
            "title": _("Busiest topics (%(period)s)") % {"period": period.label},
            "formula": _("Public demands forwarded in the period, per topic."),
            "columns": [_("topic"), _("demands")],
            "rows": [list(r) for r in statistics.busiest(period, facts, by="topic")],
        },
        {
            "key": "areas",
            "title": _("Busiest streets (%(period)s)") % {"period": period.label},
            "formula": _("Public demands forwarded in the period, per street (the street above the demand's grid)."),
            "columns": [_("street"), _("demands")],
            "rows": [list(r) for r in statistics.busiest(period, facts, by="street")],
        },
        grid_table(),
    ]
    return tables


def grid_table():
    """Open and overdue public demands per grid, now: the demands map's rows (engagement/demands/grid_map.py);
    ``map`` is what the page draws (left out of the JSON)."""
    from engagement.demands import grid_map, statistics

    drawn = grid_map.compute()
    grids = drawn["grids"] if drawn else []
    F = {f.key: f for f in statistics.AREA_FIGURES}
    return {
        "key": "grids",
        "title": _("Open and overdue demands per grid"),
        "formula": " ".join([_("Now, publicly readable demands only, per grid with a boundary.")]
                            + [f"{F[k].label} = {F[k].formula}" for k in ("open", "overdue")]),
        "columns": [_("grid"), str(F["open"].label), str(F["overdue"].label)],
        "rows": [[f"{g['community']} · {g['name']}", g["open"], g["overdue"]] for g in grids],
        "row_links": [g["href"] for g in grids],
        "map": drawn,
    }


def _label(figure):
    return f"{figure.label} %" if figure.percent else str(figure.label)


def _histogram(counts):
    return " ".join(f"{days}:{n}" for days, n in counts.items())


def alert_table(months):
    """Early warnings (预警) per month they were raised, and how they were handled (处置): one query."""
    from .models import Alert

    disposed = Q(status=Alert.Status.DISPOSED)
    counts = _per_month(Alert.objects.all(), months, raised=(Count, "pk", Q()),
                        assigned=(Count, "pk", Q(department__isnull=False)), disposed=(Count, "pk", disposed),
                        on_time=(Count, "pk", disposed & Q(disposed_on_time=True)))
    measures = ("raised", "assigned", "disposed", "on_time")
    return {
        "key": "alerts",
        "title": _("Early warnings and how they were handled"),
        "formula": _("Per month an alert was raised: raised = alerts (a count far above its own baseline); "
                     "assigned = given to a department with a deadline; disposed = closed by that department "
                     "with a note on what was done; on time = disposed of on or before its deadline."),
        "columns": [_("month"), _("alerts raised"), _("assigned to a department"), _("disposed of"),
                    _("disposed of on time")],
        "rows": [[f"{m:%Y-%m}"] + [counts.get((i, k), 0) for k in measures] for i, m in enumerate(months)],
    }


def compute(today=None):
    """Every transparency table, as a list of dicts (see the module docstring)."""
    from engagement.demands.statistics import Period

    today = today or timezone.localdate()
    period = Period.last_months(MONTHS, today)
    months = period.months
    month_labels = [m.strftime("%Y-%m") for m in months]
    tables = demand_tables(period) if _model("demands.Demand") is not None else []
    if _model("consultations.Opinion") is not None:
        from engagement.consultations.statistics import transparency_table

        tables.append(transparency_table())  # its figures defined in engagement/consultations/statistics.py

    tables.append(alert_table(months))
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
