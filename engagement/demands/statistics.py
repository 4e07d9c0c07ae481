"""Every published figure about how departments answer residents, defined once (一个口径).

/departments/, each department's page and scorecard, /transparency/, the open-data files and the admin
all call this module; none computes a figure of its own. Each figure is defined over a **period** and a
**cohort**: the demands *received* in the period, i.e. forwarded to a department with ``forwarded_at``
inside the period (a demand sent back to triage is counted by the department it was finally forwarded
to). Everything else is what happened to that cohort, up to now:

| figure | formula |
| received | demands forwarded to the department in the period |
| answered | of those, demands with a first answer |
| reply rate | answered ÷ received |
| response rate (响应率) | accepted before the accept deadline ÷ received |
| on-time rate | first answers given before the answer deadline ÷ answered |
| resolution rate (解决率) | "problem solved: yes" ÷ ratings that answered the question |
| satisfaction rate (满意率) | satisfied or basically satisfied ÷ rated (each demand's latest rating) |
| median working days | median, over answered demands, of working days from forward to first answer |
| overdue now | of those, demands still open past their accept or answer deadline now |

A demand a department handed to a mediation organisation (交办, handover.py) stays in the department's cohort
and every figure above (the department chose to hand it over and its deadline did not move); ``handed_over``
counts them. The organisation is scored with the same Figures over the demands handed to it (for_handler),
without the response rate (the department accepted them before handing them over).

Private demands are in every total (they are handled like the others); the open data publishes them as
counts per department and month (private_totals), public ones as one record each (public_records), so
anyone can recompute every figure. All of it from one query over the cohort (+ the calendar), whatever
the number of demands. Per area (AREA_FIGURES: map, area pages): now, publicly readable demands only.
"""

import datetime
import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from content.models import Department

from . import deadlines
from .models import OPEN_STATUSES, PUBLICLY_READABLE, Demand, DemandRating, Satisfaction, Status, overdue_condition

SATISFIED = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
MONTHS = 12


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    formula: str
    percent: bool = False


FIGURES = [
    Figure("received", _("Received"), _("Demands forwarded to the department in the period.")),
    Figure("answered", _("Answered"), _("Of the demands received, those with a first answer.")),
    Figure("reply_rate", _("Reply rate"), _("Answered ÷ received."), percent=True),
    Figure("response_rate", _("Response rate"),
           _("Demands accepted before their accept deadline ÷ received."), percent=True),
    Figure("on_time_rate", _("On-time rate"),
           _("First answers given before their answer deadline ÷ answered."), percent=True),
    Figure("resolution_rate", _("Resolution rate"),
           _("Residents who said their problem was solved ÷ residents who answered that question."), percent=True),
    Figure("satisfaction_rate", _("Satisfaction rate"),
           _("Satisfied or basically satisfied ÷ rated, counting each demand's latest rating."), percent=True),
    Figure("median_working_days", _("Median working days to answer"),
           _("Median, over the answered demands, of working days (weekends and holidays skipped, make-up "
             "working days counted) from the forward to the first answer.")),
    Figure("overdue_now", _("Overdue now"),
           _("Of the demands received, those still open whose accept or answer deadline has passed.")),
]
FIGURES_BY_KEY = {f.key: f for f in FIGURES}
# A mediation organisation's figures: the same definitions over the demands handed to it (for_handler).
HANDLER_FIGURES = [
    Figure("received", _("Handed over"), _("Demands handed to the organisation, of those forwarded in the period.")),
    *[f for f in FIGURES if f.key not in ("received", "response_rate")],
]


def rate(part, whole):
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100.0 * part / whole, 1) if whole else None


# --- the period -------------------------------------------------------------------------------------------
def _first_of_month(day):
    return day.replace(day=1)


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """Whole months ``[start, end)`` in the site's time zone."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def last_months(cls, months=MONTHS, today=None):
        """The current month and the ``months - 1`` before it."""
        today = today or timezone.localdate()
        start = _first_of_month(today)
        for _i in range(months - 1):
            start = _first_of_month(start - datetime.timedelta(days=1))
        return cls(start, _next_month(today))

    @property
    def months(self):
        out, day = [], self.start
        while day < self.end:
            out.append(day)
            day = _next_month(day)
        return out

    @property
    def label(self):
        last = self.months[-1]
        return f"{self.start:%Y-%m} – {last:%Y-%m}"

    @classmethod
    def all_time(cls, today=None):
        """From the month of the first forward to the current month (what the open data covers)."""
        today = today or timezone.localdate()
        first = Demand.objects.filter(forwarded_at__isnull=False).order_by("forwarded_at").values_list(
            "forwarded_at", flat=True).first()
        start = _first_of_month(timezone.localtime(first).date()) if first else _first_of_month(today)
        return cls(start, _next_month(today))

    def bounds(self):
        tz = timezone.get_current_timezone()
        return tuple(timezone.make_aware(datetime.datetime.combine(d, datetime.time.min), tz)
                     for d in (self.start, self.end))


def default_period(today=None):
    return Period.last_months(MONTHS, today)


# --- the facts of each demand received -------------------------------------------------------------------
@dataclass(slots=True)
class Fact:
    """What the figures need of one received demand (no personal data)."""

    pk: int
    tracking_number: str
    department_id: int
    kind: str
    topic: str
    street: str
    is_public: bool
    forwarded_at: datetime.datetime
    accept_due_at: datetime.datetime | None
    first_accepted_at: datetime.datetime | None
    accepted_on_time: bool | None
    first_answer_due_at: datetime.datetime | None
    first_answered_at: datetime.datetime | None
    answered_on_time: bool | None
    satisfaction: str | None
    resolved: bool | None
    overdue: bool
    month: datetime.date = None  # the first day of the forward's month, in the site's time zone
    working_days: int | None = None
    handler_id: int | None = None  # the mediation organisation it is handed to (交办), if any


def _latest_rating(column):
    return Subquery(DemandRating.objects.filter(demand=OuterRef("pk")).order_by("-round").values(column)[:1])


FACT_COLUMNS = (
    "pk", "tracking_number", "department_id", "kind", "topic__name", "area__parent__parent__name", "readable",
    "forwarded_at", "accept_due_at", "first_accepted_at", "accepted_on_time", "first_answer_due_at",
    "first_answered_at", "first_answered_on_time", "latest_satisfaction", "latest_resolved", "overdue", "handler_id",
)


def received(period):
    """The cohort: demands forwarded to a department inside ``period``."""
    lo, hi = period.bounds()
    return Demand.objects.filter(department__isnull=False, forwarded_at__gte=lo, forwarded_at__lt=hi)


def facts(period, department=None):
    """One Fact per demand received in ``period`` (of ``department``), oldest forward first: one query."""
    qs = received(period)
    if department is not None:
        qs = qs.filter(department=department)
    return facts_of(qs)


def facts_of(qs):
    """One Fact per forwarded demand of ``qs`` (others have no facts yet), oldest forward first."""
    qs = qs.filter(department__isnull=False, forwarded_at__isnull=False)
    rows = (
        qs.annotate(
            readable=ExpressionWrapper(PUBLICLY_READABLE, output_field=BooleanField()),
            latest_satisfaction=_latest_rating("satisfaction"),
            latest_resolved=_latest_rating("resolved"),
            overdue=ExpressionWrapper(overdue_condition(), output_field=BooleanField()),
        )
        .order_by("forwarded_at", "pk")
        .values_list(*FACT_COLUMNS)
    )
    tz = timezone.get_current_timezone()
    out = []
    for r in rows:
        fact = Fact(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", bool(r[6]), *r[7:-2], bool(r[-2]),
                    handler_id=r[-1])
        fact.month = _first_of_month(fact.forwarded_at.astimezone(tz).date())
        out.append(fact)
    _count_working_days(out, tz)
    return out


def _count_working_days(facts_, tz):
    answered = [f for f in facts_ if f.first_answered_at]
    if not answered:
        return
    first = min(f.forwarded_at.astimezone(tz).date() for f in answered)
    last = max(f.first_answered_at.astimezone(tz).date() for f in answered)
    count = deadlines.working_day_counter(first, last)
    for f in answered:
        f.working_days = count(f.forwarded_at, f.first_answered_at)


# --- the figures -----------------------------------------------------------------------------------------
@dataclass
class Figures:
    """The counts behind every figure, and the figures computed from them (see FIGURES)."""

    received: int = 0
    answered: int = 0
    accepted_on_time: int = 0
    answered_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    resolution_asked: int = 0
    resolved: int = 0
    working_days: list = field(default_factory=list)
    overdue_now: int = 0
    handed_over: int = 0

    def add(self, fact):
        self.received += 1
        self.handed_over += fact.handler_id is not None
        self.overdue_now += fact.overdue
        self.accepted_on_time += bool(fact.accepted_on_time)
        if fact.first_answered_at:
            self.answered += 1
            self.answered_on_time += bool(fact.answered_on_time)
            self.working_days.append(fact.working_days)
        if fact.satisfaction:
            self.rated += 1
            self.satisfied += fact.satisfaction in SATISFIED
        if fact.resolved is not None:
            self.resolution_asked += 1
            self.resolved += bool(fact.resolved)
        return self

    @property
    def reply_rate(self):
        return rate(self.answered, self.received)

    @property
    def response_rate(self):
        return rate(self.accepted_on_time, self.received)

    @property
    def on_time_rate(self):
        return rate(self.answered_on_time, self.answered)

    @property
    def resolution_rate(self):
        return rate(self.resolved, self.resolution_asked)

    @property
    def satisfaction_rate(self):
        return rate(self.satisfied, self.rated)

    @property
    def median_working_days(self):
        return round(float(stats.median(self.working_days)), 1) if self.working_days else None

    def working_days_histogram(self):
        """{working days: demands}: the median's input as counts (how private demands are published)."""
        return dict(sorted(Counter(self.working_days).items()))

    def as_dict(self):
        return {f.key: getattr(self, f.key) for f in FIGURES}

    def display(self, figures=None):
        """[(Figure, value)] in FIGURES' order (or ``figures``'), for templates."""
        return [(f, getattr(self, f.key)) for f in figures or FIGURES]

    def display_as_handler(self):
        return self.display(HANDLER_FIGURES)


def _figures(facts_):
    figures = Figures()
    for f in facts_:
        figures.add(f)
    return figures


def _departments():
    return list(Department.objects.order_by("name").values("pk", "name", "slug"))


def by_department(period=None, facts_=None):
    """Every department (also those with nothing received) with its Figures, best reply rate first."""
    period = period or default_period()
    facts_ = facts(period) if facts_ is None else facts_
    grouped = defaultdict(Figures)
    for f in facts_:
        grouped[f.department_id].add(f)
    rows = [(dept, grouped.get(dept["pk"]) or Figures()) for dept in _departments()]
    rows.sort(key=lambda r: (-(r[1].reply_rate or -1), -(r[1].on_time_rate or -1), r[0]["name"]))
    return rows


def for_department(department, period=None):
    """One department's Figures, and the same per demand type: {"total": Figures, "by_kind": [(kind, Figures)]}."""
    from .models import Kind

    period = period or default_period()
    facts_ = facts(period, department)
    total = _figures(facts_)
    by_kind = defaultdict(Figures)
    for f in facts_:
        by_kind[f.kind].add(f)
    return {"total": total, "by_kind": [(k, by_kind.get(k.value) or Figures()) for k in Kind]}


def for_handler(organisation, period=None):
    """A mediation organisation's Figures (show them with HANDLER_FIGURES): the demands handed to it, of those
    received in the period, under the same definitions as a department's."""
    return _figures(facts_of(received(period or default_period()).filter(handler=organisation)))


def for_all(period=None):
    """Every department together: Figures."""
    return _figures(facts(period or default_period()))


def by_month(period=None, facts_=None):
    """[(first day of the month, Figures)] over the period, by the month of the forward."""
    period = period or default_period()
    facts_ = facts(period) if facts_ is None else facts_
    grouped = defaultdict(Figures)
    for f in facts_:
        grouped[f.month].add(f)
    return [(m, grouped.get(m) or Figures()) for m in period.months]


def private_totals(period=None, facts_=None):
    """Per department and month, the counts of the private demands included in every total."""
    period = period or default_period()
    facts_ = facts(period) if facts_ is None else facts_
    grouped = defaultdict(Figures)
    for f in facts_:
        if not f.is_public:
            grouped[(f.department_id, f.month)].add(f)
    names = {d["pk"]: d["name"] for d in _departments()}
    return [
        {"department": names.get(dept_id, ""), "month": f"{month:%Y-%m}", "figures": figures}
        for (dept_id, month), figures in sorted(grouped.items(), key=lambda kv: (names.get(kv[0][0], ""), kv[0][1]))
    ]


def public_records(period=None, facts_=None):
    """The publicly readable received demands, one Fact each (the open data's per-demand records)."""
    period = period or default_period()
    facts_ = facts(period) if facts_ is None else facts_
    return [f for f in facts_ if f.is_public]


def busiest(period=None, facts_=None, by="topic", limit=10):
    """Public demands received per topic or per street: [(name, count)], most first."""
    counts = Counter(getattr(f, by) for f in public_records(period, facts_) if getattr(f, by))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


ANSWERED = (Status.ANSWERED, Status.CLOSED)
AREA_FIGURES = [
    Figure("public", _("Public demands"), _("Publicly readable demands located in the area, ever.")),
    Figure("open", pgettext_lazy("demand count", "Open"), _("Public demands not yet answered: waiting for triage, to be accepted or to be answered.")),
    Figure("overdue", _("Overdue now"), _("Of the open ones, those whose accept or answer deadline has passed.")),
    Figure("answered", _("Answered"), _("Public demands answered or closed.")),
]


@dataclass
class AreaCounts:
    public: int = 0
    open: int = 0
    overdue: int = 0
    answered: int = 0

    def display(self):
        return [(f, getattr(self, f.key)) for f in AREA_FIGURES]


def by_area(area_ids=None, now=None):
    """{area id: AreaCounts} of the publicly readable demands located in each area (of ``area_ids``): one query."""
    qs = Demand.objects.publicly_readable().filter(**({"area_id__in": area_ids} if area_ids is not None else {}))
    rows = qs.filter(area__isnull=False).values("area_id").order_by().annotate(
        public=Count("pk"), open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("pk", filter=overdue_condition(now)), answered=Count("pk", filter=Q(status__in=ANSWERED)))
    return {r.pop("area_id"): AreaCounts(**r) for r in rows}


def for_area(area):
    """AreaCounts of ``area`` and every area under it (a street counts its communities' grids)."""
    counts = by_area(area.descendant_ids()).values()
    return AreaCounts(*(sum(getattr(c, f.key) for c in counts) for f in AREA_FIGURES))
